// Two apps in one Worker (an admin area and a shop), each with its own cookie name, secret and userKey, over the same
// Durable Object or KV namespace (tests/workerd/two-apps-worker/), inside workerd. Their user IDs are their own:
// admin "1" and customer "1" are two people. One app's "sign out of all devices" must not sign the other's user out,
// and its listing must not name the other's sessions (whose IDs are the credentials their cookies carry).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
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
