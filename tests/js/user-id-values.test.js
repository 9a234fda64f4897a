// What a session may hold under userKey: a user ID (a non-empty string, or a finite number, of at most 1024
// characters), or nothing (undefined, null, false, ''). Anything else is refused at commit with a typed error,
// nothing written. Regression (audit of issue 14): `{ id }`, `true` or an ID of over 1024 characters was committed
// silently, listed under no user, and "sign out everywhere" missed that session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, SessionDataError } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const STORES = {
  memory: () => createMemorySessionStorage({ cookie, userKey: 'userId' }),
  callbacks: () => createSessionStorage({ cookie, userKey: 'userId', ...callbacksOf(mapBackend()) }),
  'cookie with revocation': () => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } }),
};

for (const [store, make] of Object.entries(STORES)) {
  describe(`${store}: the value under userKey`, () => {
    for (const [what, value] of [['an object holding the ID', { id: 'u1' }], ['true', true], ['an ID of 1025 characters', 'u'.repeat(1025)], ['an array', ['u1']]]) {
      it(`${what}: the commit is refused (INVALID_USER_ID), nothing written`, async () => {
        const storage = make();
        const session = await storage.getSession(null);
        session.set('userId', value);
        await assert.rejects(storage.commitSession(session), (error) => error instanceof SessionDataError && error.code === 'INVALID_USER_ID' && /userKey/.test(error.message));
      });
    }

    for (const [what, value] of [['null', null], ['false', false], ['an empty string', '']]) {
      it(`${what}: no user, committed`, async () => {
        const storage = make();
        const session = await storage.getSession(null);
        session.set('userId', value);
        session.set('cart', ['book']);
        assert.match(await storage.commitSession(session), /^__session=/);
      });
    }

    it('a number is the user of its string', async () => {
      const storage = make();
      const session = await storage.getSession(null);
      session.set('userId', 42);
      const header = (await storage.commitSession(session)).split(';')[0];
      assert.equal(await storage.revokeUserSessions('42'), 1);
      assert.equal((await storage.getSession(header)).get('userId'), undefined, 'revoked');
    });
  });
}
