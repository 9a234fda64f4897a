// README (Signing out everywhere, cookie sessions): revokeUserSessions resolves to "null with a KV stand-in that
// cannot list"; revocation.js: "A KV stand-in with only get and put still revokes; it cannot count". Such a stand-in
// records no sign-in: it has no delete to take the record off again, nor a list to count it. Mutation pass (s45):
// recording the sign-ins whatever the stand-in can do (counts checked with || instead of &&, or signIn's or
// signOut's check of it dropped) went unnoticed; every sign-in or logout then logged a failure of the revocation
// store, and one without delete kept a key per sign-in for good.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['kv-stand-in-cannot-count-secret-0123'], maxAge: 3600 };

let errors;
const realError = console.error;
beforeEach(() => {
  errors = [];
  console.error = (...args) => errors.push(args.map(String).join(' '));
});
afterEach(() => {
  console.error = realError;
});

const standIns = [
  ['get and put', (kv) => ({ get: (key) => kv.get(key), put: (key, value, options) => kv.put(key, value, options) })],
  ['get, put and delete', (kv) => ({ get: (key) => kv.get(key), put: (key, value, options) => kv.put(key, value, options), delete: (key) => kv.delete(key) })],
];

describe('revocation: { kv } over a KV stand-in that cannot list', () => {
  for (const [name, standIn] of standIns) {
    it(`(${name}) signs in and out quietly, writes only the mark, revokes, and resolves to null`, async () => {
      const kv = mapKV();
      const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: standIn(kv) } });
      const laptop = await signIn(storage, 'ada');
      const phone = await signIn(storage, 'ada');
      await storage.destroySession(await storage.getSession(phone));
      assert.deepEqual((await kv.list()).keys, [], 'no sign-in recorded');
      assert.equal(await storage.revokeUserSessions('ada'), null);
      assert.equal((await storage.getSession(laptop)).get('userId'), undefined, 'revoked all the same');
      assert.deepEqual((await kv.list()).keys.map(({ name: key }) => key.replace(/[0-9a-f]{64}/, '<sha256>')), ['edge-session:revoked:<sha256>']);
      assert.deepEqual(errors, [], 'nothing logged');
    });
  }
});
