// README (Security model, Untrusted input): "A user's index of another shape (a Durable Object's or a file's: no
// `sessions` object, an entry that is no object, ...) is read as empty, or without those parts: the user signs in,
// lists and revokes as before". A JSON array is no object of sessions, nor of an entry's times, but JavaScript's
// typeof calls it one. Regression (s52 hostile-input pass): an index file of `"sessions": []` was taken as it was, a
// sign-in was set on the array as a named property, which JSON.stringify drops: the file was written back without it,
// so the device was never listed, and "sign out of all devices" counted 0 and left it signed in, as it did every
// later sign-in of that user. An entry that is an array (`"a": []`) was listed as `{ id: "a" }`, with no times, and
// counted by a revocation as a session.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, readSession, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

for (const content of ['{"revokedAt":0,"sessions":[]}', '{"revokedAt":0,"sessions":[{"createdAt":1,"lastSeenAt":1,"expiresAt":null}]}', '{"revokedAt":0,"sessions":{"a":[]}}']) {
  it(`a user's index ${content}: the next sign-in is listed alone, and "sign out of all devices" signs it out`, async () => {
    const dir = tempDir('edge-session-index-arrays-');
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    await commitNew(storage, { userId: 'ada' });
    await writeFile(join(dir, 'users', `${await userDigest('ada')}.json`), content);

    const phone = cookiePair(await commitNew(storage, { userId: 'ada' }));
    const phoneId = (await readSession(storage, phone)).id;
    assert.deepEqual((await storage.listUserSessions('ada')).map(({ id }) => id), [phoneId], 'the sign-in, listed, and nothing else');

    assert.equal(await storage.revokeUserSessions('ada'), 1);
    assert.deepEqual((await readSession(storage, phone)).data, {}, 'the phone is signed out');
  });
}
