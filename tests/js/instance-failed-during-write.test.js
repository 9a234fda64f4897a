// A commit during whose store write the session's WebAssembly instance failed (another request's call overflowed
// the stack inside it) stands once its record is written and the ID it leaves deleted: the caller gets the new
// cookie. Regression (review): the bookkeeping after the write asked the failed instance (assignStoredId,
// forgetDeleteId) and the commit threw CORE_RESET: the new record written, the old one deleted, no cookie naming
// the new one, the user signed out (and, with userKey, a listed session nobody had).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { breakTheInstanceWithAStackOverflow } from './broken-core.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

/** A storage whose next record write, once armed, breaks the instance after it is made. */
const SETUPS = {
  callbacks: (userKey) => {
    const callbacks = callbacksOf(mapBackend());
    let armed = false;
    const createData = async (data, expires) => {
      const id = await callbacks.createData(data, expires);
      if (armed) {
        armed = false;
        await breakTheInstanceWithAStackOverflow();
      }
      return id;
    };
    return { storage: createSessionStorage({ cookie, userKey, ...callbacks, createData }), arm: () => (armed = true) };
  },
  kv: (userKey) => {
    const kv = mapKV();
    const put = kv.put.bind(kv);
    let armed = false;
    kv.put = async (key, value, options) => {
      await put(key, value, options);
      if (armed && !key.includes('user')) {
        armed = false;
        await breakTheInstanceWithAStackOverflow();
      }
    };
    return { storage: createWorkersKVSessionStorage({ cookie, userKey, kv }), arm: () => (armed = true) };
  },
};

async function signedIn(storage) {
  const session = await storage.getSession(null);
  session.set('user', 'ann');
  return cookiePair(await storage.commitSession(session));
}

for (const [name, setup] of Object.entries(SETUPS)) {
  describe(`${name}: the instance failed while a regenerateId(true) commit wrote`, () => {
    it('commitSession gives the new cookie, which opens the session; the old one opens nothing', async () => {
      const { storage, arm } = setup();
      const old = await signedIn(storage);
      const session = await storage.getSession(old);
      session.regenerateId(true);
      arm();
      const setCookie = await storage.commitSession(session);
      assert.equal((await storage.getSession(cookiePair(setCookie))).get('user'), 'ann');
      assert.equal((await storage.getSession(old)).get('user'), undefined);
    });

    it('a commit by hand under withSession: the response has the new cookie; with userKey, only it is listed', async () => {
      const { storage, arm } = setup('user');
      const old = await signedIn(storage);
      const app = withSession(storage, async (request, { session }) => {
        session.regenerateId(true);
        arm();
        const setCookie = await storage.commitSession(session); // by hand, as React Router apps do
        return new Response('ok', { headers: { 'Set-Cookie': setCookie } });
      });
      const response = await app(new Request('https://example.com/', { headers: { Cookie: old } }));
      assert.equal(response.status, 200, await response.text());
      const now = cookiePair(response.headers.getSetCookie().at(-1));
      assert.equal((await storage.getSession(now)).get('user'), 'ann');
      const listed = await storage.listUserSessions('ann');
      assert.deepEqual(listed.map(({ id }) => id), [(await storage.getSession(now)).id]);
    });

    it('withSession\'s own commit after the handler: the response has the new cookie', async () => {
      const { storage, arm } = setup('user');
      const old = await signedIn(storage);
      const app = withSession(storage, (request, { session }) => {
        session.regenerateId(true);
        arm();
        return new Response('ok');
      });
      const response = await app(new Request('https://example.com/', { headers: { Cookie: old } }));
      assert.equal(response.status, 200, await response.text());
      const now = cookiePair(response.headers.getSetCookie().at(-1));
      assert.equal((await storage.getSession(now)).get('user'), 'ann');
      assert.equal((await storage.getSession(old)).get('user'), undefined);
    });
  });
}
