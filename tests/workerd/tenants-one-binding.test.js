// One Worker serving two tenants over one KV or Durable Object namespace, each tenant with its own keyPrefix as
// README's "Two apps over one binding" says. One code: one cookie name and one secret. Tenant IDs are their own:
// acme's user "1" and globex's user "1" are two people. A cookie acme issued, presented to globex (the user copies
// it, or the tenants share a parent domain), must read as no session there: README, "Sessions themselves stay
// apart whatever the prefix".
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const TEST = { timeout: 30_000 };
let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./tenants-worker/wrangler.toml', import.meta.url)) });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function call(jar, path) {
  const { response } = await jar.fetch(new URL(path, worker.url));
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

for (const store of ['kv', 'do']) {
  describe(`${store}: two tenants over one binding, each its own keyPrefix`, () => {
    it("acme's session cookie opens nothing at globex", TEST, async () => {
      const jar = new CookieJar();
      await call(jar, `/${store}/acme/login?user=1`);
      assert.deepEqual(await call(jar, `/${store}/acme/me`), { user: '1' });
      assert.deepEqual(await call(jar, `/${store}/globex/me`), { user: null }, "acme's user 1 is not globex's user 1");
    });
  });
}
