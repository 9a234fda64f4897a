// README (Signing out everywhere): "A user ID is a non-empty string or a finite number ...; a number is its string, so
// 7 and '7' (and 0 and -0) are one user." Tested for 42 alone (tests/js/user-id-values.test.js): 0, a number that is
// falsy, and -0 were no test's, nor NaN and the infinities, numbers but no finite ones (a session cannot hold them:
// set() refuses what JSON cannot keep). Mutation pass (s51): userIdOf taking any number went unnoticed (an app's
// revokeUserSessions(Number(form.get('user'))) of a bad field revoked the user "NaN", nobody, and said 0), and so did
// a 0 under userKey read as no user (never listed, never revoked).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['user-id-numbers-secret-7f3a9c1e5b'] };
const STORES = {
  memory: () => createMemorySessionStorage({ cookie, userKey: 'userId' }),
  callbacks: () => createSessionStorage({ cookie, userKey: 'userId', ...callbacksOf(mapBackend()) }),
  'Workers KV': () => createWorkersKVSessionStorage({ cookie, kv: mapKV(), userKey: 'userId' }),
  'cookie with revocation': () => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } }),
};

for (const [store, make] of Object.entries(STORES)) {
  describe(`${store}: numbers under userKey`, () => {
    it('0 is a user, and -0 the same one', async () => {
      const storage = make();
      const zero = await signIn(storage, 0);
      const minusZero = await signIn(storage, -0);
      assert.equal((await storage.getSession(zero)).get('userId'), 0, 'signed in');
      if (!store.startsWith('cookie')) assert.equal((await storage.listUserSessions(-0)).length, 2, "-0's list names 0's session");
      assert.equal(await storage.revokeUserSessions('0'), 2);
      for (const header of [zero, minusZero]) assert.equal((await storage.getSession(header)).get('userId'), undefined, 'revoked');
    });

    for (const value of [NaN, Infinity, -Infinity]) {
      it(`${value} is no user ID: revokeUserSessions and listUserSessions throw a TypeError`, async () => {
        const storage = make();
        await assert.rejects(storage.revokeUserSessions(value), TypeError);
        if (!store.startsWith('cookie')) await assert.rejects(storage.listUserSessions(value), TypeError);
      });
    }
  });
}
