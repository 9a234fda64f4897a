// Server-side storages whose revocations reach their records late (Workers KV, createSessionStorage's callbacks).
// "Sign out of my other devices" keeps this device by its ID (the mark excepts that ID), then its regenerateId(true) commit
// fails at the delete of the ID it leaves (KV answering 500, a database error). README: a failed commit leaves the
// session as it found it, its record the one its cookie names. Since the exception follows the kept session
// (endException, then moveException: 3e6260f/913f274), it had moved to the new ID before that delete; the commit's new record was then
// undone, and the device, whose cookie still names the old ID, was signed out by its own failed commit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['a-secret-of-at-least-32-characters!'] };

const KINDS = {
  'Workers KV': (failing) => {
    const kv = mapKV();
    const del = kv.delete;
    kv.delete = async function (key) {
      if (failing.has(key.slice('session:'.length))) throw new Error('KV DELETE failed: 500 Internal Server Error');
      return del.call(this, key);
    };
    return createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
  },
  'createSessionStorage callbacks': (failing) => {
    const callbacks = callbacksOf(mapBackend());
    const del = callbacks.deleteData;
    callbacks.deleteData = async (id) => {
      if (failing.has(id)) throw new Error('database unavailable');
      return del(id);
    };
    return createSessionStorage({ cookie, ...callbacks, userKey: 'userId' });
  },
};

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: the device "sign out of my other devices" kept, its regenerateId(true) failing at the old ID's delete`, () => {
    it('stays signed in under the cookie it still has', async () => {
      const failing = new Set();
      const storage = make(failing);
      const device = await signIn(storage, 'alice');
      const other = await signIn(storage, 'alice');
      // The settings page's "keep this one, sign out the rest" (README: `except` a Session or an ID).
      const oldId = (await storage.getSession(device)).id;
      await storage.revokeUserSessions('alice', { except: oldId });
      assert.equal((await storage.getSession(device)).get('userId'), 'alice', 'the kept device');
      assert.equal((await storage.getSession(other)).get('userId'), undefined, 'the other device is signed out');

      const session = await storage.getSession(device);
      session.regenerateId(true);
      failing.add(oldId);
      await assert.rejects(storage.commitSession(session));
      failing.delete(oldId);

      assert.equal((await storage.getSession(device)).get('userId'), 'alice', 'a failed commit left the session as it found it');
    });
  });
}
