// Found by the developer-misuse pass: withSession(factory, withSession(factory, handler)), inside workerd (no
// nodejs_compat). The inner fetch is the outer's handler, so it gets the load context { session, env, ctx } as its
// env and no ctx. Before: on Durable Objects the inner call, unable to join, opened a copy of the session and
// waited out the outer's lease, 10 s on every request of a signed-in user, with no error nor warning; with a
// storage factory reading env, the inner factory got the load context and threw "secrets[0] is undefined (a secret
// the environment does not have?)", for a secret that was set. Now the inner call takes env and ctx from the load
// context it was given, and joins the outer session as a nested call does.
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

describe('withSession wrapped directly around another withSession', () => {
  for (const store of ['do', 'cookie', 'do-one-storage']) {
    it(`${store}: every request answers at once, counts once, and the inner handler gets the real env and ctx`, { timeout: 120_000 }, async () => {
      const jar = new CookieJar();
      const answers = [];
      for (let n = 1; n <= 3; n++) answers.push(await get(jar, `/${store}`));
      assert.deepEqual(answers.map(({ ms }) => ms < 3000), [true, true, true], `answered in ${answers.map(({ ms }) => ms).join(', ')} ms`);
      answers.forEach((answer, i) => {
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(JSON.parse(answer.text), { n: i + 1, envHasSecret: true, hasCtx: true });
        assert.equal(answer.setCookies.length, 1, `one Set-Cookie: ${answer.setCookies}`);
      });
    });
  }
});

// And (adversarial pass) withSession(factory, app.fetch) around a Hono app with our middleware: Hono's app.fetch gets the
// load context as its Env and no executionCtx; its middleware read the app's secrets from it (a CookieOptionError for
// a secret that is set) or, on Durable Objects, could not join and waited out the lease.
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
