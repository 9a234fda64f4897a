// README (Signing out everywhere, A sign-in): a session the storage did not read, made with createSession(data, id)
// over a record of another user, "is listed under its new user, and the ID stays on the previous user's index too, so
// a revocation of either ends it; destroy the previous user's session first". On Workers KV the previous user's index
// then holds a key naming a session whose record is the new user's: that user's revocation ends it, by design.
// Mutation pass (s50, the carried question of a KV index entry naming another user's session): a revocation ending
// only the listed records that name its user went unnoticed; ada's "sign out everywhere" left the session bob was
// written into under her old ID alive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['kv-other-user-secret-7c4e2a9b1d05'], maxAge: 3600 };

/** Ada's session, then bob's data written over its ID by createSession(data, id): the storage and bob's cookie. */
async function bobOverAdasId() {
  const storage = createWorkersKVSessionStorage({ cookie, kv: mapKV(), userKey: 'userId' });
  const ada = await storage.getSession(null);
  ada.set('userId', 'ada');
  await storage.commitSession(ada);
  const bob = await createSession({ userId: 'bob' }, ada.id);
  const bobCookie = (await storage.commitSession(bob)).split(';')[0];
  assert.equal((await storage.getSession(bobCookie)).get('userId'), 'bob');
  for (const user of ['ada', 'bob']) assert.deepEqual((await storage.listUserSessions(user)).map((entry) => entry.id), [ada.id], `listed under ${user}`);
  return { storage, bobCookie };
}

describe("a KV session written over another user's ID", () => {
  for (const user of ['ada', 'bob']) {
    it(`is ended by ${user}'s revocation`, async () => {
      const { storage, bobCookie } = await bobOverAdasId();
      assert.equal(await storage.revokeUserSessions(user), 1);
      assert.equal((await storage.getSession(bobCookie)).get('userId'), undefined, 'signed out');
    });
  }
});
