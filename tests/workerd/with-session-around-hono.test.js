// Adversarial pass over a5e1ab9: withSession(factory, withSession(factory, handler)) now joins, the inner fetch
// taking env and ctx from the load context it got. The README's "Nested calls" puts "a Hono app with our middleware"
// beside another withSession fetch; withSession(factory, app.fetch), the same wrapping, is Hono's app.fetch(request,
// Env, executionCtx) called with the load context as its Env and no executionCtx: the middleware's factory reads
// the app's secrets from the load context, and the request fails with a CookieOptionError for a secret that is set
// (the very failure a5e1ab9 fixed for withSession), or on Durable Objects cannot join and waits out the lease.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({
    config: fileURLToPath(new URL('./wrapped-twice-worker/wrangler.toml', import.meta.url)),
    secrets: { SESSION_SECRET: 'wrapped-twice-secret-0123456789abcdef' },
    logLevel: 'none',
  });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function get(jar, path) {
  const started = Date.now();
  const { response } = await jar.fetch(new URL(path, worker.url), { signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, text, ms: Date.now() - started, setCookies: response.headers.getSetCookie() };
}

describe('withSession wrapped directly around a Hono app with our middleware', () => {
  for (const store of ['hono-do', 'hono-cookie']) {
    it(`${store}: every request answers at once, counts once, and joins the outer session`, { timeout: 120_000 }, async () => {
      const jar = new CookieJar();
      const answers = [];
      for (let n = 1; n <= 3; n++) answers.push(await get(jar, `/${store}`));
      answers.forEach((answer, i) => {
        assert.equal(answer.status, 200, answer.text);
        assert.ok(answer.ms < 3000, `answered in ${answer.ms} ms`);
        assert.deepEqual(JSON.parse(answer.text), { n: i + 1, joined: true });
        assert.equal(answer.setCookies.length, 1, `one Set-Cookie: ${answer.setCookies}`);
      });
    });
  }
});
