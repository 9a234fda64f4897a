// A user's index file holding an entry under a name that is no session ID this storage makes (`__proto__`, `a`, a path:
// a hand edit, another app or version) is no session of the user, as on Workers KV (kv-index-key-naming-no-session-
// deletes-other-keys) and createSessionStorage: listUserSessions does not name it, and revokeUserSessions does not
// count it (README Security model: an index of another shape is read without those parts; Signing out everywhere: the
// count is of the sessions ended). Regression (s52 hostile-input pass): the listing named `__proto__` as a device, and
// "sign out of all devices" answered 3 for the one signed in.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, readSession, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

it("entries named __proto__, a and ../x in a user's index file are neither listed nor counted by a revocation", async () => {
  const dir = tempDir('edge-session-index-names-');
  const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
  const phone = cookiePair(await commitNew(storage, { userId: 'ada' }));
  const phoneId = (await readSession(storage, phone)).id;
  const file = join(dir, 'users', `${await userDigest('ada')}.json`);
  const index = JSON.parse(await readFile(file, 'utf8'));
  const entry = index.sessions[phoneId];
  // Written as text: JSON.stringify of an object literal would set, not name, a key __proto__.
  const foreign = ['__proto__', 'a', '../x'].map((name) => `${JSON.stringify(name)}:${JSON.stringify(entry)}`).join(',');
  await writeFile(file, JSON.stringify(index).replace('"sessions":{', `"sessions":{${foreign},`));

  assert.deepEqual((await storage.listUserSessions('ada')).map(({ id }) => id), [phoneId]);
  assert.equal(await storage.revokeUserSessions('ada'), 1);
  assert.deepEqual((await readSession(storage, phone)).data, {}, 'the phone is signed out');
});
