// A user's index file whose pending IDs (sessions an eviction or revocation still has to end) hold values that are no
// IDs, a number, null, an object or a list (a hand edit, another version or app), is read without them: once the
// user's last session logs out, the index holds nothing and its file goes (README Security model: an index of another
// shape is read without those parts; the file storage's index is removed once it holds nothing, js/file-storage.js).
// Regression (s52 hostile-input pass): they stayed pending for good, never settled (an object or a list is no ID to
// end, and the settling compared them by identity), so the file stayed in dir/users/ with `"pending":[{}]`, and each
// of the user's sign-ins tried to end them again.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

for (const pending of [[5, null], [{}], [['a']]]) {
  it(`pending ${JSON.stringify(pending)}: the index file goes once the user's last session logs out`, async () => {
    const dir = tempDir('edge-session-index-pending-');
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    const setCookie = await commitNew(storage, { userId: 'ada' });
    const file = join(dir, 'users', `${await userDigest('ada')}.json`);
    const index = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...index, pending }));

    const session = await storage.getSession(cookiePair(setCookie));
    await storage.destroySession(session);
    const left = await readFile(file, 'utf8').catch((error) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
    assert.equal(left, null, `the index holds nothing, yet its file is left: ${left}`);
  });
}
