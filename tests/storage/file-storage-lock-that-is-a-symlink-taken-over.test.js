// README (Files): no symlink is followed, and a lock file held over 10 s (a crashed holder's) is taken over.
// Regression (s52 scenario pass over the file storage): the age of a lock was its stat's, which follows a symlink,
// so a dangling symlink at a lock's name (a hand edit, a restore, another program: ENOENT) was never aged nor taken
// over, and every change of the user's index, or every logout or revocation needing the session's lock, waited for
// good (the request never answered).
import assert from 'node:assert/strict';
import { lutimesSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, readFresh, SECRET, sleep } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

const locks = {
  "the user's index": async (dir) => join(dir, 'users', `${await userDigest('ada')}.json.lock`),
  "the session's file": async (dir, setCookie) => join(dir, `${idOf(setCookie)}.json.lock`),
};

for (const [name, lockOf] of Object.entries(locks)) {
  it(`a dangling symlink an hour old at the lock of ${name} is taken over as a crashed holder's lock`, async () => {
    const dir = tempDir('edge-session-lock-symlink-');
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    const signedIn = await commitNew(storage, { userId: 'ada' });
    const lock = await lockOf(dir, signedIn);
    symlinkSync(join(dir, 'gone'), lock);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    lutimesSync(lock, anHourAgo, anHourAgo);
    const outcome = await Promise.race([storage.revokeUserSessions('ada'), sleep(5_000).then(() => 'hung')]);
    assert.equal(outcome, 1, '"sign out of all devices" answers, the device counted');
    await readFresh(storage, cookiePair(signedIn), {}, 'the device is signed out');
  });
}
