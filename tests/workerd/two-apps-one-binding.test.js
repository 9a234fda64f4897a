// Two apps in one Worker (an admin area and a shop), each with its own cookie name, secret and userKey, over the same
// Durable Object or KV namespace (tests/workerd/two-apps-worker/), inside workerd. Their user IDs are their own:
// admin "1" and customer "1" are two people. One app's "sign out of all devices" must not sign the other's user out,
// and its listing must not name the other's sessions (whose IDs are the credentials their cookies carry).
// And a session an app moves from one keyPrefix of the binding to another (the worker's acme and globex: read through
// acme's storage, committed by hand through globex's; one cookie name and secret, each its own keyPrefix). README
// (Signing out everywhere): a session read through a storage over another backend "gets a new ID in the store it is
// committed to", and joins its index as signed in when it was; two prefixes of one binding are two stores ("Two apps
// over one binding": the KV and Durable Object storages name each session under the prefix). Regression (s52 Durable
// Object scenario pass): the Durable Object storage took the whole namespace for one backend, as if the prefix were
// the same: the move kept the session's ID, a signed-in session's commit was refused (its cookie expired, the user
// signed out), and a logout of the old cookie under the old prefix made the isolate refuse the moved session's next
// write as logged out (its change lost).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar, isExpiring, parseSetCookie } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const TEST = { timeout: 30_000 };
let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./two-apps-worker/wrangler.toml', import.meta.url)) });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
async function call(jar, path) {
  const { response } = await jar.fetch(new URL(path, worker.url));
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

for (const store of ['do', 'kv', 'cookie-do', 'cookie-kv']) {
  describe(`${store}: two apps over one binding`, () => {
    it('revoking admin user N leaves customer N signed in', TEST, async () => {
      const user = `${++users}-${Date.now()}`; // the same ID in both apps, two people
      const admin = new CookieJar();
      const customer = new CookieJar();
      await call(admin, `/${store}/admin/login?user=${user}`);
      await call(customer, `/${store}/shop/login?user=${user}`);
      await sleep(20); // a revocation stamped after both sign-ins
      assert.deepEqual(await call(customer, `/${store}/shop/me`), { user });
      await call(admin, `/${store}/admin/revoke-all?user=${user}`);
      assert.deepEqual(await call(admin, `/${store}/admin/me`), { user: null }, 'the admin is signed out');
      assert.deepEqual(await call(customer, `/${store}/shop/me`), { user }, 'the customer of the same ID is another person, still signed in');
    });

    if (store === 'do' || store === 'kv') {
      it('listing admin user N names only the admin\'s sessions', TEST, async () => {
        const user = `${++users}-${Date.now()}`;
        const admin = new CookieJar();
        const customer = new CookieJar();
        await call(admin, `/${store}/admin/login?user=${user}`);
        await call(customer, `/${store}/shop/login?user=${user}`);
        const { ids: adminIds } = await call(admin, `/${store}/admin/sessions?user=${user}`);
        const { ids: shopIds } = await call(customer, `/${store}/shop/sessions?user=${user}`);
        assert.equal(adminIds.length, 1, `admin lists ${adminIds.length}`);
        assert.equal(shopIds.length, 1, `shop lists ${shopIds.length}`);
        assert.notDeepEqual(adminIds, shopIds);
      });
    }
  });
}

// One Worker's tenants run one code: one cookie name and one secret, each tenant its own keyPrefix. A cookie acme
// issued, presented to globex (the user copies it, or the tenants share a parent domain), opens nothing there.
// Regression (substitution review): on Durable Objects the prefix named only the users' index objects, so acme's
// session cookie opened that session at globex, acme's user 1 read as globex's user 1.
for (const store of ['kv', 'do']) {
  describe(`${store}: two tenants of one code over one binding, each its own keyPrefix`, () => {
    it("acme's session cookie opens nothing at globex", TEST, async () => {
      const jar = new CookieJar();
      await call(jar, `/${store}/acme/login?user=1`);
      assert.deepEqual(await call(jar, `/${store}/acme/me`), { user: '1' });
      assert.deepEqual(await call(jar, `/${store}/globex/me`), { user: null }, "acme's user 1 is not globex's user 1");
    });
  });
}

/** Moves `jar`'s session from acme to globex: a jar holding the cookie the move set (the old jar keeps the old one). */
async function moved(store, jar) {
  const { setCookie } = await call(jar, `/${store}/acme/move?to=globex`);
  const cookie = parseSetCookie(setCookie);
  assert.equal(isExpiring(cookie), false, `the move's cookie is the session's, not a logout: ${setCookie}`);
  const movedJar = new CookieJar();
  movedJar.set(cookie.name, cookie.value);
  return movedJar;
}

for (const store of ['do', 'kv']) {
  describe(`${store}: a session moved to another keyPrefix of the binding`, () => {
    it('stays signed in there, under a new ID its user\'s list there names', TEST, async () => {
      const user = `m${++users}-${Date.now()}`;
      const jar = new CookieJar();
      await call(jar, `/${store}/acme/login?user=${user}`);
      const movedJar = await moved(store, jar);
      assert.notEqual(movedJar.get('__session'), jar.get('__session'), 'a new ID');
      assert.deepEqual(await call(movedJar, `/${store}/globex/me`), { user });
      assert.equal((await call(new CookieJar(), `/${store}/globex/sessions?user=${user}`)).ids.length, 1, 'listed under globex\'s user');
    });

    it('keeps the change of a request read before the old cookie logged out under the old prefix', TEST, async () => {
      const jar = new CookieJar();
      await call(jar, `/${store}/acme/count`);
      const movedJar = await moved(store, jar);
      const key = `${store}-${++users}`;
      const held = call(movedJar, `/${store}/globex/count?hold=${key}`); // read, counted to 2, held before its commit
      await call(new CookieJar(), `/gate/reached?key=${key}`);
      await call(jar, `/${store}/acme/logout`); // the old cookie's session ends in the old store
      await call(new CookieJar(), `/gate/open?key=${key}`);
      assert.deepEqual(await held, { n: 2 });
      assert.deepEqual(await call(movedJar, `/${store}/globex/count`), { n: 3 }, 'the held request\'s change was written');
    });
  });
}
