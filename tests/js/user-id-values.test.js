// What a session may hold under userKey: a user ID (a non-empty string, or a finite number, of at most 1024
// characters), or nothing (undefined, null, false, ''). Anything else is refused at commit with a typed error,
// nothing written. Regression (audit of issue 14): `{ id }`, `true` or an ID of over 1024 characters was committed
// silently, listed under no user, and "sign out everywhere" missed that session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, SessionDataError, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
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

// A cookie from before userKey holding `{ id, name }` there: a page that changes nothing still answers, its renewal
// left undone (the commit would be refused). Regression (review): every page was a 500 once the renewal was due.
it('a read-only page of a session holding a non-ID under userKey answers when its renewal is due', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
  const warn = t.mock.method(console, 'warn', () => {});
  const lifetime = { idleTimeout: 3600, touchInterval: 60 };
  const before = createCookieSessionStorage({ cookie, ...lifetime }); // the app before userKey
  const after = createCookieSessionStorage({ cookie, ...lifetime, userKey: 'user' });
  const old = await before.getSession(null);
  old.set('user', { id: 'u1', name: 'Ada' });
  const jar = new BrowserJar().apply([await before.commitSession(old)]);
  const page = withSession(after, async (request, { session }) => new Response(`hello ${session.get('user')?.name}`));
  t.mock.timers.tick(120_000); // the renewal is due
  const response = await visit(jar, page, '/');
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'hello Ada');
  assert.deepEqual(response.headers.getSetCookie(), [], 'left as the browser holds it');
  assert.equal(warn.mock.callCount(), 1);
});
