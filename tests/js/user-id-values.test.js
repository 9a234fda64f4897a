// What a session may hold under userKey: a user ID (a non-empty string, or a finite number, of at most 1024
// characters), or nothing (undefined, null, false, ''). Anything else is refused at commit with a typed error,
// nothing written. Regression (audit of issue 14): `{ id }`, `true` or an ID of over 1024 characters was committed
// silently, listed under no user, and "sign out everywhere" missed that session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, csrfToken, SessionDataError, withSession } from 'edge-session';
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

    // Regression (audit): the message quoted the value's first 40 characters of JSON (an email, a password), and
    // withSession logs a failed commit's error.
    it('the refusal says what the value is, never what it holds', async () => {
      const storage = make();
      const session = await storage.getSession(null);
      session.set('userId', { email: 'alice@example.com', pw: 'hunter2' });
      await assert.rejects(storage.commitSession(session), (error) => {
        assert.equal(error.code, 'INVALID_USER_ID');
        assert.match(error.message, /got an object;/);
        assert.doesNotMatch(error.message, /alice|hunter|email/);
        return true;
      });
    });

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

// A session from before userKey holding `{ id, name }` there: committed unchanged, that value is no user, as it was
// read; only a value the app sets is refused. Regression (review): every commit of such a session was refused, so a
// renewal, a flash to clear or a CSRF form made every page a 500.
describe('A session read with a non-ID under userKey (from before userKey)', () => {
  const lifetime = { idleTimeout: 3600, touchInterval: 60 };
  const STORAGES = {
    cookie: () => {
      const before = createCookieSessionStorage({ cookie, ...lifetime });
      return { before, after: createCookieSessionStorage({ cookie, ...lifetime, userKey: 'user' }) };
    },
    callbacks: () => {
      const backend = mapBackend();
      const before = createSessionStorage({ cookie, ...lifetime, ...callbacksOf(backend) });
      return { before, after: createSessionStorage({ cookie, ...lifetime, userKey: 'user', ...callbacksOf(backend) }) };
    },
  };
  async function legacyJar({ before }, flash) {
    const old = await before.getSession(null);
    old.set('user', { id: 'u1', name: 'Ada' });
    if (flash) old.flash('notice', 'Welcome back.');
    return new BrowserJar().apply([await before.commitSession(old)]);
  }
  const page = (after) => withSession(after, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/form') return new Response(csrfToken(session));
    if (path === '/bad') session.set('user', { id: 'u2' }); // the app's own: refused
    if (path === '/cart') session.set('cart', ['book']);
    return new Response(`hello ${session.get('user')?.name} ${session.get('notice') ?? ''}`);
  });

  for (const [name, make] of Object.entries(STORAGES)) {
    it(`${name}: its renewal, its flash cleared, a form's token and a change are written, as no user`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
      const storages = make();
      const jar = await legacyJar(storages, true);
      const fetch = page(storages.after);
      const first = await visit(jar, fetch, '/');
      assert.equal(first.status, 200);
      assert.equal(await first.text(), 'hello Ada Welcome back.');
      assert.equal((await (await visit(jar, fetch, '/')).text()), 'hello Ada ', 'the flash was cleared');
      assert.equal((await visit(jar, fetch, '/form')).status, 200);
      assert.equal((await visit(jar, fetch, '/cart')).status, 200);
      t.mock.timers.tick(120_000); // the renewal is due
      const renewed = await visit(jar, fetch, '/');
      assert.equal(renewed.status, 200);
      assert.equal(renewed.headers.getSetCookie().length, 1, 'renewed');
      assert.equal(await renewed.text(), 'hello Ada ');
    });

    it(`${name}: a non-ID the handler sets there is refused`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storages = make();
      const jar = await legacyJar(storages, false);
      assert.equal((await visit(jar, page(storages.after), '/bad')).status, 500);
    });
  }
});

// Regressions (review): a session from before userKey read through a storage without it (a store the app moves its
// sessions from) was refused at an unchanged commit; a value signed in, then set back by the app to its old
// non-ID, was accepted as unchanged.
describe('Whose value under userKey', () => {
  const legacy = { id: 'u1', name: 'Ada' };
  const refused = (error) => error instanceof SessionDataError && error.code === 'INVALID_USER_ID';

  it('read through a storage without userKey and committed unchanged through one with it: no user, no error', async () => {
    const backend = mapBackend();
    const before = createSessionStorage({ cookie, ...callbacksOf(backend) });
    const after = createSessionStorage({ cookie, userKey: 'user', ...callbacksOf(backend) });
    const seed = await before.getSession(null);
    seed.set('user', legacy);
    const session = await before.getSession((await before.commitSession(seed)).split(';')[0]);
    session.set('seen', 1);
    assert.match(await after.commitSession(session), /^__session=/);
  });

  it('signed in, then set back by the app to the non-ID it was read with: refused', async () => {
    const before = createCookieSessionStorage({ cookie });
    const storage = createCookieSessionStorage({ cookie, userKey: 'user' });
    const seed = await before.getSession(null);
    seed.set('user', legacy);
    const session = await storage.getSession((await before.commitSession(seed)).split(';')[0]);
    session.set('user', 'u1');
    await storage.commitSession(session);
    session.set('user', { ...legacy });
    await assert.rejects(storage.commitSession(session), refused);
  });
});
