// edge-session under wrangler's `minify = true` with `keep_names = false` (this project's own wrangler.toml has
// keep_names off): esbuild then renames classes, and the errors' names, read from the class at run time, read
// "Ne" in error.name, String(error), the stack and every log line of a failed storage. Regression
// (build-configurations pass). And the storages' flows under it, the Durable Object class re-exported under another
// name and bound by it. tests/workerd/names-worker/.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIGS = ['names-worker/wrangler.minify.toml'];

for (const file of CONFIGS) {
  describe(file, () => {
    let worker;
    before(async () => {
      worker = await startWorker({
        config: fileURLToPath(new URL(`./${file}`, import.meta.url)),
        secrets: { SESSION_SECRET: 'names-test-secret-4b1d8e0c2a7f-9e3c5a' },
        logLevel: 'none',
      });
    }, { timeout: 60_000 });
    after(() => worker?.dispose());

    const get = async (path) => (await fetch(new URL(path, worker.url))).json();

    it('errors keep the names the README and the types give them', async () => {
      const tooLarge = await get('/cookie/too-large');
      assert.equal(tooLarge.isTooLarge, true);
      assert.deepEqual(tooLarge.thrown, {
        name: 'CookieTooLargeError', constructorName: tooLarge.thrown.constructorName, code: 'COOKIE_TOO_LARGE',
        shown: 'CookieTooLargeError', stackHead: 'CookieTooLargeError', isEdgeSessionError: true,
      });
      const bad = await get('/cookie/bad-value');
      assert.equal(bad.thrown.name, 'SessionDataError');
      assert.equal(bad.thrown.code, 'INVALID_VALUE');
    });

    for (const store of ['cookie', 'kv', 'do']) {
      it(`${store}: sign-in, count, logout (the Durable Object class exported as AppSessions)`, async () => {
        const jar = new CookieJar();
        const call = async (action) => (await jar.fetch(new URL(`/${store}/${action}`, worker.url))).response.json();
        assert.deepEqual(await call('login'), { user: 'ada', n: 0 });
        assert.deepEqual(await call('count'), { user: 'ada', n: 1 });
        assert.deepEqual(await call('count'), { user: 'ada', n: 2 });
        await call('logout');
        assert.deepEqual(await call('count'), { user: null, n: 1 });
      });
    }
  });
}
