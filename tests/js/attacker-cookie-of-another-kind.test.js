// An attacker holding their own valid cookies of one storage kind presents them where a storage of another kind,
// with the same cookie name and secret, reads: a server-side storage's ID cookie (the JSON string of an ID, signed or
// sealed) as a cookie session, a cookie session as an ID cookie, through getSession and Remix v3's read(). One app
// may run both (a cookie storage for anonymous visitors, a KV one behind sign-in) under one name and secret, and
// the sealed format binds the name, not what the value is. Each must read as a fresh session, never as the other's data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { cookiePair, cookieValue } from './support.js';

const name = '__session';
const secrets = ['attacker-of-another-kind-secret-0c9e'];

/** A session holding `values`, committed by `storage`: its Set-Cookie. */
async function committed(storage, values) {
  const session = await storage.getSession(null);
  for (const [key, value] of Object.entries(values)) session.set(key, value);
  return storage.commitSession(session);
}

for (const encrypt of [false, true]) {
  const kind = encrypt ? 'sealed' : 'signed';
  describe(`${kind} cookies of one name and secret, one storage kind's presented to another`, () => {
    const cookieStorages = {
      'react-router': createCookieSessionStorage({ cookie: { name, secrets }, encrypt }),
      'remix-v3': createCookieSessionStorage({ cookie: { name, secrets }, encrypt, format: 'remix-v3' }),
    };
    const idStorage = createMemorySessionStorage({ cookie: { name, secrets }, encrypt });

    it("the ID storage's cookie reads as no session in a cookie storage of either format (getSession)", async () => {
      const idCookie = cookiePair(await committed(idStorage, { userId: 'mallory', role: 'admin' }));
      const stored = await idStorage.getSession(idCookie);
      assert.equal(stored.get('role'), 'admin', 'the control: the ID storage reads it');
      for (const [format, storage] of Object.entries(cookieStorages)) {
        const session = await storage.getSession(idCookie);
        assert.deepEqual(session.data, {}, format);
        assert.notEqual(session.id, stored.id, `${format}: the ID is not taken from the cookie`);
      }
    });

    it("a cookie session's cookie reads as no session in the ID storage (no ID adopted, no record read)", async () => {
      for (const [format, storage] of Object.entries(cookieStorages)) {
        const sessionCookie = cookiePair(await committed(storage, { userId: 'mallory' }));
        assert.equal((await storage.getSession(sessionCookie)).get('userId'), 'mallory', `${format}: the control`);
        const session = await idStorage.getSession(sessionCookie);
        assert.deepEqual(session.data, {}, format);
        assert.equal(session.id, '', `${format}: no ID taken from the cookie`);
      }
    });

    it("Remix v3's read(): the ID storage's cookie value reads as a fresh session of the cookie storage", async () => {
      const storage = cookieStorages['remix-v3'];
      // Under Remix's middleware read() gets the value its Cookie verified: for a sealed storage, our sealed text.
      const value = decodeURIComponent(cookieValue(await committed(idStorage, { userId: 'mallory' })));
      const session = await storage.read(value);
      assert.deepEqual(session.data, {});
      assert.match(session.id, /^[0-9a-f]{32,}$/, 'a new random ID, not one taken from the cookie');
    });

    it("createCookie of another name parses the storage's cookie value, renamed to it, as null", async () => {
      const other = createCookie('prefs', { secrets, encrypt });
      const value = cookieValue(await committed(cookieStorages['react-router'], { userId: 'mallory' }));
      if (encrypt) assert.equal(await other.parse(`prefs=${value}`), null, 'sealed: bound to its name');
      else assert.deepEqual(await other.parse(`prefs=${value}`), { userId: 'mallory' }, 'signed: not bound (README: give each name its own secret)');
    });
  });
}

describe('sealed chunks renamed to another cookie of the same secret', () => {
  it('read as no session there (the name is the associated data of the joined value)', async () => {
    const big = 'x'.repeat(6000);
    const from = createCookieSessionStorage({ cookie: { name: 'a', secrets }, encrypt: true, chunks: 3 });
    const to = createCookieSessionStorage({ cookie: { name: 'b', secrets }, encrypt: true, chunks: 3 });
    const session = await from.getSession(null);
    session.set('notes', big);
    const pairs = (await from.commitSessionHeaders(session)).map(cookiePair);
    assert.ok(pairs.length >= 2, 'the session spans chunks');
    assert.equal((await from.getSession(pairs.join('; '))).get('notes'), big, 'the control');
    const renamed = pairs.map((pair) => pair.replace(/^a(?=[.=])/, 'b'));
    assert.deepEqual((await to.getSession(renamed.join('; '))).data, {});
  });
});
