// A session of a WebAssembly instance replaced while its request ran (issue 10.2: "leave the instance sound or
// replaced") is never committed through the new instance. Its pointer is an address in the old instance's memory;
// handed to the new one, it named whatever lived there: another user's session, whose data went into this one's
// cookie. Regression (audit of issue 10.2): Session[sessionHandle] gave its pointer to any core. Now the commit
// throws CORE_RESET (README, Errors), or writes the session's own data.
// And commit options of the wrong type are a CookieOptionError, which no longer replaces the instance: they threw a
// bare TypeError, taken for a failed instance, and every request in flight lost its session.
// And a logout of such a session ends it: it writes none of its data. Regression (review): on a store that makes the
// IDs (createSessionStorage's createData), it asked the new instance about the session, failed with CORE_RESET, and
// the session stayed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, withSession } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { coreGeneration, forgetCoreAfterTrap } from '../../js/loader.js';
import { cookiePair } from './support.js';
import { breakTheInstanceWithAStackOverflow } from './broken-core.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

/** Any other error the storages take for a failed instance (a trap in a call not guarded): the instance is dropped. */
async function dropTheInstance() {
  const before = coreGeneration();
  forgetCoreAfterTrap(new Error('a trap'));
  assert.notEqual(coreGeneration(), before, 'the instance was replaced');
}

const STORAGES = [
  ['cookie storage', () => createCookieSessionStorage({ cookie })],
  ['memory storage', () => createMemorySessionStorage({ cookie })],
];

for (const [name, make] of STORAGES) {
  describe(`${name}: a session of a replaced instance is never committed with another session's data`, () => {
    for (const [how, replace] of [
      ['a stack overflow inside a core call', breakTheInstanceWithAStackOverflow],
      ['the instance dropped after another error', dropTheInstance],
    ]) {
      it(how, async () => {
        const storage = make();
        const alice = await storage.getSession(null); // request A, in flight
        alice.set('user', 'alice');
        await replace();
        const bob = await storage.getSession(null); // request B, on the new instance
        bob.set('user', 'bob');
        bob.set('secret', 'bob-only');
        let header;
        try {
          header = await storage.commitSession(alice);
        } catch (error) {
          assert.equal(error.code, 'CORE_RESET', `a clear error, got ${error}`);
          assert.equal((await storage.getSession(cookiePair(await storage.commitSession(bob)))).get('secret'), 'bob-only', 'bob unharmed');
          return;
        }
        const next = await storage.getSession(cookiePair(header));
        assert.notEqual(next.get('secret'), 'bob-only', "alice's cookie carries bob's session");
        assert.equal(next.get('user'), 'alice');
      });
    }
  });
}

describe('commit options of the wrong type', () => {
  for (const [name, make, options, code] of [
    ['cookie storage, a BigInt maxAge', STORAGES[0][1], { maxAge: 1n }, 'INVALID_MAX_AGE'], // by name, as the others
    ['cookie storage, a cyclic attribute', STORAGES[0][1], { path: (() => { const o = {}; o.o = o; return o; })() }, 'INVALID_OPTIONS'],
    ['memory storage, a BigInt maxAge', STORAGES[1][1], { maxAge: 1n }, 'INVALID_MAX_AGE'],
    ['memory storage, expires that is no Date', STORAGES[1][1], { expires: 'tomorrow' }, 'INVALID_EXPIRES'],
  ]) {
    it(`${name}: a CookieOptionError, and the instance and the sessions in flight stay`, async () => {
      const storage = make();
      const alice = await storage.getSession(null);
      alice.set('user', 'alice');
      const before = coreGeneration();
      const other = await storage.getSession(null);
      other.set('x', 1);
      await assert.rejects(storage.commitSession(other, options), (error) => error instanceof CookieOptionError && error.code === code);
      assert.equal(coreGeneration(), before, 'the instance was not replaced');
      const next = await storage.getSession(cookiePair(await storage.commitSession(alice)));
      assert.equal(next.get('user'), 'alice');
    });
  }
});

describe('a logout of a session whose instance was replaced while its request ran', () => {
  for (const [name, make] of [
    ['memory', () => createMemorySessionStorage({ cookie })],
    ['callbacks (createData makes the IDs)', () => createSessionStorage({ cookie, ...callbacksOf(mapBackend()) })],
  ]) {
    for (const [how, replace] of [
      ['dropped after another error', dropTheInstance],
      ['failed (a stack overflow inside it)', breakTheInstanceWithAStackOverflow],
    ]) {
      it(`${name}, the instance ${how}: destroySession ends it`, async () => {
        const storage = make();
        const signIn = await storage.getSession(null);
        signIn.set('user', 'ann');
        const header = cookiePair(await storage.commitSession(signIn));
        const session = await storage.getSession(header); // the logout request
        await replace(); // another request's trap, meanwhile
        await storage.destroySession(session).catch((error) => assert.equal(error.code, 'CORE_RESET'));
        assert.equal((await storage.getSession(header)).get('user'), undefined, 'the old cookie still opens the session');
      });
    }

    it(`${name}: a logout under withSession over a replaced instance`, async () => {
      const storage = make();
      const signIn = await storage.getSession(null);
      signIn.set('user', 'ann');
      const header = cookiePair(await storage.commitSession(signIn));
      const handler = withSession(storage, async (request, { session }) => {
        await dropTheInstance();
        session.destroy();
        return new Response('bye');
      });
      const response = await handler(new Request('https://x/logout', { method: 'POST', headers: { Cookie: header } }));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('set-cookie') ?? '', /Max-Age=0|Expires=Thu, 01 Jan 1970/, 'the cookie expired');
      assert.equal((await storage.getSession(header)).get('user'), undefined, 'the old cookie still opens the session');
    });
  }
});
