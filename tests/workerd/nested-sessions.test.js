// A withSession handler that hands its request on to another withSession-wrapped fetch of the same storage, with
// its env and ctx, inside workerd (tests/workerd/nested-worker/): the inner fetch joins the outer's session
// (js/joined-sessions.js), which the outer commits once. Regression: the inner opened a copy; on Durable Objects
// it waited out the lease the outer held (leaseTimeout, 10 s), and the copies' two writes overwrote each other.
// So do a Hono app with our middleware inside withSession, and withSession under a Hono app.mount() (black-box
// pass: both stalled 10 s on Durable Objects, and elsewhere the outer write dropped the inner change).
// Run without nodejs_compat (the join trusts the ExecutionContext) and with it (AsyncLocalStorage confirms it).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const TEST = { timeout: 30_000 };
/** A Durable Object lease waited for takes leaseTimeout (10 s). */
const FAST_MS = 3000;
const CONFIGS = {
  'without nodejs_compat': 'wrangler.toml',
  'with nodejs_compat': 'wrangler.compat.toml',
};

for (const [runtime, file] of Object.entries(CONFIGS)) {
  describe(`nested withSession inside workerd, ${runtime}`, () => {
    let worker;
    before(async () => {
      const config = fileURLToPath(new URL(`./nested-worker/${file}`, import.meta.url));
      worker = await startWorker({ config, secrets: { SESSION_SECRET: 'nested-test-secret-5c1e' } });
    }, { timeout: 60_000 });
    after(() => worker?.dispose());

    async function timed(jar, path, method = 'GET') {
      const started = Date.now();
      const { response, setCookies } = await jar.fetch(new URL(path, worker.url), { method });
      const body = await response.json();
      return { response, body, ms: Date.now() - started, sessionCookies: setCookies.filter((c) => c.name === '__session') };
    }

    it('runs the runtime it says (AsyncLocalStorage reachable only with nodejs_compat)', TEST, async () => {
      const { body } = await timed(new CookieJar(), '/runtime');
      assert.equal(body.getBuiltinModule, file === 'wrangler.compat.toml');
    });

    for (const store of ['cookie', 'kv', 'do']) {
      it(`${store}: the inner fetch changes the outer's session: fast, one Set-Cookie, both changes kept`, TEST, async () => {
        const jar = new CookieJar();
        for (const round of [1, 2]) {
          const nested = await timed(jar, `/${store}/nested`, 'POST');
          assert.equal(nested.response.status, 200);
          assert.ok(nested.ms < FAST_MS, `${nested.ms} ms: the inner fetch waited for the outer's lease`);
          assert.deepEqual(nested.body, { outer: round, inner: round, late: 0 });
          assert.equal(nested.sessionCookies.length, 1, 'one session Set-Cookie');
          const read = await timed(jar, `/${store}/`);
          assert.deepEqual(read.body, { outer: round, inner: round, late: 0 });
          assert.equal(read.sessionCookies.length, 0, 'a read writes nothing');
        }
      });

      for (const [path, composition] of [['hono', 'a Hono app with sessionMiddleware inside withSession'], ['mount/count', 'withSession under a Hono app.mount()']]) {
        it(`${store}: ${composition} joins the session: fast, one Set-Cookie, both changes kept`, TEST, async () => {
          const jar = new CookieJar();
          for (const round of [1, 2]) {
            const nested = await timed(jar, `/${store}/${path}`, 'POST');
            assert.equal(nested.response.status, 200);
            assert.ok(nested.ms < FAST_MS, `${nested.ms} ms: the inner lifecycle waited for the outer's lease`);
            assert.deepEqual(nested.body, { outer: round, inner: round, late: 0 });
            assert.equal(nested.sessionCookies.length, 1, 'one session Set-Cookie');
          }
          assert.deepEqual((await timed(jar, `/${store}/`)).body, { outer: 2, inner: 2, late: 0 });
        });
      }

      it(`${store}: an inner fetch the outer did not await changes the session the outer commits`, TEST, async () => {
        const jar = new CookieJar();
        const posted = await timed(jar, `/${store}/unawaited`, 'POST');
        assert.equal(posted.response.status, 200);
        assert.ok(posted.ms < FAST_MS, `${posted.ms} ms`);
        assert.deepEqual((await timed(jar, `/${store}/`)).body, { outer: 1, inner: 1, late: 0 });
      });

      // Regression (adversarial pass): the outer waited for an inner call still running in ctx.waitUntil, which,
      // nesting again once the outer was writing, opened a copy: on Durable Objects it waited for the outer's lease
      // while the outer waited for it, 10 s, then a 500. Now the outer does not wait, and the late call opens its own.
      it(`${store}: a call in ctx.waitUntil that nests again after the outer answered: fast, and its own session`, TEST, async () => {
        const jar = new CookieJar();
        await timed(jar, `/${store}/unawaited`, 'POST'); // a session to come back with
        const posted = await timed(jar, `/${store}/late`, 'POST');
        assert.equal(posted.response.status, 200);
        assert.ok(posted.ms < 1000, `${posted.ms} ms: the outer waited for the call in ctx.waitUntil`);
        assert.deepEqual(posted.body, { outer: 2, inner: 1, late: 0 });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const read = await timed(jar, `/${store}/`);
        // A server-side store keeps the late call's write; a cookie's went out on a response nobody received.
        assert.deepEqual(read.body, { outer: 2, inner: 1, late: store === 'cookie' ? 0 : 1 });
      });
    }
  });
}
