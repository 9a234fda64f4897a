// A user's index file (`dir/users/<digest>.json`) whose count of listings (`listings`) is no whole number (a hand
// edit, another version or app: text, an object, a list) is read as a count, so the index keeps its size however
// often the user's sessions commit (README Security model: an index of another shape is read without those parts,
// the user signs in, lists and revokes as before; Limits: at most 100 sessions per user). Regression (s52 scenario
// pass over the file storage): `"listings": "7"` was added to as text, one character more at every commit of any of
// the user's sessions, copied into each entry, so the file grew without bound (about 1 MiB after 10,000 commits of
// 100 devices), each commit reading and writing all of it, until it read as empty: no session of the user was listed
// any more, nor ended by "sign out of all devices".
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, readFresh, readSession, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

async function commitTimes(storage, cookieHeader, times) {
  for (let n = 0; n < times; n++) {
    const session = await storage.getSession(cookieHeader);
    session.set('n', n);
    await storage.commitSession(session);
    session.dispose();
  }
}

for (const listings of ['7', {}, []]) {
  it(`an index whose listings are ${JSON.stringify(listings)} keeps its size over a session's commits, and revokes`, async () => {
    const dir = tempDir('edge-session-index-listings-');
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    const device = cookiePair(await commitNew(storage, { userId: 'ada' }));
    const file = join(dir, 'users', `${await userDigest('ada')}.json`);
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), listings }));
    await commitTimes(storage, device, 5);
    const { size } = await stat(file);
    await commitTimes(storage, device, 40);
    assert.ok((await stat(file)).size <= size + 4, `${(await stat(file)).size} bytes after 40 more commits, ${size} before`);
    assert.equal((await readSession(storage, device)).data.userId, 'ada');
    assert.equal(await storage.revokeUserSessions('ada'), 1);
    await readFresh(storage, device, {}, 'the device is signed out');
  });
}
