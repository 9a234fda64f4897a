// The framework entries inside workerd, over HTTP: the real hono (cookie, KV and Durable Object storages),
// @remix-run/fetch-router + @remix-run/session-middleware + @remix-run/cookie over our storages' read/save
// (cookie, memory, KV, Durable Objects), and React Router's createRequestHandler with future.v8_middleware.
// The Worker is tests/workerd/frameworks-worker/ (no nodejs_compat).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar, isExpiring } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./frameworks-worker/wrangler.toml', import.meta.url));
const TEST = { timeout: 20_000 };
/** A Durable Object lease not given back would hold the next request of the session for 10 s. */
const FAST_MS = 3000;

let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'framework-test-secret-3b9d' } });
}, { timeout: 60_000 });
after(() => worker?.dispose());

/**
 * The cookie with one character of its signature changed. Not the last one: base64 decoding (atob's, which both
 * edge-session and Remix use) ignores that character's two low bits, so 'A' -> 'B' there could still verify.
 */
function tamper(value) {
  const at = value.length - 10;
  return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
}

async function timed(jar, path, method = 'GET') {
  const started = Date.now();
  const { response, setCookies } = await jar.fetch(new URL(path, worker.url), { method });
  const body = response.status === 303 ? (await response.arrayBuffer(), null) : await response.text();
  return { response, setCookies, body, ms: Date.now() - started, session: setCookies.find((c) => c.name === '__session') };
}

for (const store of ['cookie', 'kv', 'do']) {
  describe(`Hono with edge-session/hono and the ${store} storage, inside workerd`, () => {
    const base = `/hono/${store}`;
    async function get(jar, path = '/') {
      const step = await timed(jar, `${base}${path}`);
      assert.equal(step.response.status, 200, step.body);
      assert.ok(step.ms < FAST_MS, `${step.ms} ms: the previous request's lease was not released`);
      return { ...step, state: JSON.parse(step.body) };
    }
    const post = (jar, path) => timed(jar, `${base}${path}`, 'POST');

    it('counts across requests and writes nothing for a read-only request', TEST, async () => {
      const jar = new CookieJar();
      await post(jar, '/count');
      const second = await post(jar, '/count');
      assert.equal(JSON.parse(second.body).count, 2);
      const read = await get(jar);
      assert.equal(read.state.count, 2);
      assert.equal(read.session, undefined, 'no session Set-Cookie');
      assert.equal((await get(jar)).state.count, 2);
    });

    it('commits a c.redirect() response, keeps the other middleware\'s cookies, and shows the flash once', TEST, async () => {
      const jar = new CookieJar();
      const posted = await post(jar, '/flash');
      assert.equal(posted.response.status, 303);
      assert.equal(posted.response.headers.get('Location'), `${base}/`);
      assert.deepEqual(posted.setCookies.map((c) => c.name), ['before', '__session', 'after']);
      const shown = await get(jar);
      assert.deepEqual(shown.state.messages, [{ severity: 'success', message: 'Saved!' }]);
      assert.ok(shown.session, 'the flash that arrived is cleared by a commit');
      assert.deepEqual((await get(jar)).state.messages, []);
    });

    it('regenerates the session ID on login', TEST, async () => {
      const jar = new CookieJar();
      const counted = await post(jar, '/count');
      const before = counted.session.value;
      const login = await post(jar, '/login');
      assert.notEqual(login.session.value, before);
      const after = await get(jar);
      assert.equal(after.state.user, 'ada');
      assert.equal(after.state.count, 1);
      if (store !== 'cookie') {
        const old = new CookieJar();
        old.set('__session', before);
        assert.deepEqual((await get(old)).state, { id: '', count: 0, user: null, messages: [] }, 'the old ID is gone');
      }
    });

    it('clears the session on logout', TEST, async () => {
      const jar = new CookieJar();
      await post(jar, '/count');
      const out = await post(jar, '/logout');
      assert.ok(isExpiring(out.session), 'an expiring cookie');
      assert.equal(jar.get('__session'), undefined);
      assert.equal((await get(jar)).state.count, 0);
    });

    it('gives a fresh session for a tampered cookie', TEST, async () => {
      const jar = new CookieJar();
      await post(jar, '/count');
      const valid = jar.get('__session');
      jar.set('__session', tamper(valid));
      const read = await get(jar);
      assert.equal(read.state.count, 0);
    });
  });
}

for (const store of ['cookie', 'memory', 'kv', 'do']) {
  describe(`@remix-run/session-middleware under @remix-run/fetch-router on our ${store} storage, inside workerd`, () => {
    it('counts 1, 2, 3, shows a flash once and clears on logout', TEST, async () => {
      const jar = new CookieJar();
      const base = `/remix/${store}`;
      const counts = [];
      for (let i = 0; i < 3; i++) counts.push((await timed(jar, `${base}/`)).body);
      assert.deepEqual(counts, ['Count: 1', 'Count: 2', 'Count: 3']);
      await timed(jar, `${base}/flash`, 'POST');
      assert.equal((await timed(jar, `${base}/`)).body, 'Count: 4 Saved!');
      const shown = await timed(jar, `${base}/`);
      assert.equal(shown.body, 'Count: 5');
      assert.ok(shown.ms < FAST_MS, `${shown.ms} ms: a lease was not released`);
      const out = await timed(jar, `${base}/logout`, 'POST');
      assert.equal(out.session.value, '', "Remix's middleware writes an empty cookie for ''");
      assert.equal((await timed(jar, `${base}/`)).body, 'Count: 1');
    });
  });
}

// Regression: read() of the Durable Object storage bounded its wait for another request of the session to 1 s
// (SESSION_OPEN, for a handler's own second open), so a request overlapping one that held the session for 1.5 s
// got a 500. The middleware's read is its request's first: it now waits in the object's line.
describe('Remix v3 on the Durable Object storage: overlapping requests of one session', () => {
  it('two requests whose handlers take 1.5 s each both succeed, one after the other', { timeout: 30_000 }, async () => {
    const jar = new CookieJar();
    await timed(jar, '/remix/do/');
    const slow = () => jar.fetch(new URL('/remix/do/slow?ms=1500', worker.url), { method: 'POST' });
    const responses = await Promise.all([slow(), slow()]);
    assert.deepEqual(responses.map(({ response }) => response.status), [200, 200]);
    const bodies = (await Promise.all(responses.map(({ response }) => response.text()))).sort();
    assert.deepEqual(bodies, ['Count: 2', 'Count: 3'], 'one after the other, neither lost');
  });
});

describe('React Router createRequestHandler with future.v8_middleware and edge-session/react-router, inside workerd', () => {
  it('an action flashes and a loader reads it once from context.get(sessionContext)', TEST, async () => {
    const jar = new CookieJar();
    const posted = await jar.fetch(new URL('/rr/notice', worker.url), { method: 'POST', body: new URLSearchParams({ notice: 'Saved!' }) });
    assert.equal(posted.response.status, 303);
    assert.ok(posted.setCookies.some((c) => c.name === '__session'));
    const shown = await jar.fetch(new URL('/rr/notice', worker.url));
    assert.deepEqual(await shown.response.json(), { notice: 'Saved!', visits: 1 });
    const again = await jar.fetch(new URL('/rr/notice', worker.url));
    assert.deepEqual(await again.response.json(), { notice: null, visits: 1 });
    assert.deepEqual(again.setCookies, []);
  });
});
