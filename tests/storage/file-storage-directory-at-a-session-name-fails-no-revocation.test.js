// README (Files): "a session file that is a link, a directory or a FIFO reads as missing": such a name holds no
// session, so ending it (a revocation, an eviction past 100) has nothing to do. Regression (s52 scenario pass over
// the file storage): a directory at a listed session's name (a hand edit, another program) failed the unlink
// (EISDIR), so "sign out of all devices" threw STORAGE_FAILED (a 500) though the user's other sessions were ended,
// and again at every later revocation of the user while the index kept that ID pending (for good, without expiry).
import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, readFresh, SECRET } from './support.js';

for (const maxAge of [3600, undefined]) {
  it(`a directory at a listed session's name fails no revocation of its user (maxAge ${maxAge})`, async () => {
    const dir = tempDir('edge-session-dir-at-session-');
    const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge }, dir, userKey: 'userId' });
    const planted = await commitNew(storage, { userId: 'ada' });
    const other = await commitNew(storage, { userId: 'ada' });
    const path = join(dir, `${idOf(planted)}.json`);
    await rm(path);
    await mkdir(path);
    await readFresh(storage, cookiePair(planted), {}, 'a directory reads as missing');
    assert.equal(typeof (await storage.revokeUserSessions('ada')), 'number', 'the revocation answers');
    await readFresh(storage, cookiePair(other), {}, 'the other device is signed out');
    await commitNew(storage, { userId: 'ada' });
    assert.equal(await storage.revokeUserSessions('ada'), 1, 'a later revocation answers too, and counts the new sign-in');
    assert.deepEqual(await readdir(path), [], 'the directory is none of the storage\'s to remove: left as it was');
  });
}
