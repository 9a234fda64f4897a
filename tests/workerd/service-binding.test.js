// Sessions used outside the request that opened them, inside workerd (tests/workerd/service-binding-worker/): a
// gateway (a getSession it disposes of) that hands the request on to the app's withSession through a service binding
// to its own Worker (env.SELF), as a gateway Worker or an SSR page calling its own API does, and a "sign out of my
// other devices" run in ctx.waitUntil so the response need not wait for it.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const TEST = { timeout: 60_000 };

describe('sessions used outside the request that opened them, inside workerd', () => {
  let worker;
  before(async () => {
    const config = fileURLToPath(new URL('./service-binding-worker/wrangler.toml', import.meta.url));
    worker = await startWorker({ config, secrets: { SESSION_SECRET: 'service-binding-test-secret-7f3a9c1e5b' } });
  }, { timeout: 60_000 });
  after(() => worker?.dispose());

  async function call(jar, path, method = 'GET') {
    const started = Date.now();
    const { response, setCookies } = await jar.fetch(new URL(path, worker.url), { method, signal: AbortSignal.timeout(40_000) });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body, ms: Date.now() - started, sessionCookies: setCookies.filter((c) => c.name === '__session') };
  }

  for (const store of ['cookie', 'kv', 'do']) {
    it(`${store}: "sign out of my other devices" in ctx.waitUntil keeps this device signed in and ends the other`, TEST, async () => {
      const mine = new CookieJar();
      const other = new CookieJar();
      assert.equal((await call(mine, `/${store}/app/signin`, 'POST')).body.user, 'ann');
      assert.equal((await call(other, `/${store}/app/signin`, 'POST')).body.user, 'ann');
      const revoked = await call(mine, `/${store}/app/others-later`, 'POST');
      assert.equal(revoked.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the job in ctx.waitUntil is done
      assert.equal((await call(other, `/${store}/`)).body.user, null, 'the other device is signed out');
      assert.equal((await call(mine, `/${store}/`)).body.user, 'ann', 'this device, the one kept (except), is signed out');
    });
  }

  // A gateway withSession handing the request on to a withSession of the same Durable Object storage holds the
  // session's lease while the app's open waits for it in the object's line (inherent: README, Durable Objects,
  // "Workers calling Workers"). The way out README gives, tested:
  for (const store of ['cookie', 'kv', 'do']) {
    it(`${store}: a gateway that reads the session by hand and disposes of it before handing the request on: fast, the app's writes kept`, TEST, async () => {
      const jar = new CookieJar();
      for (const round of [1, 2]) {
        const forwarded = await call(jar, `/${store}/peek/bump`, 'POST');
        assert.equal(forwarded.status, 200);
        assert.ok(forwarded.ms < 3000, `${forwarded.ms} ms`);
        assert.equal(forwarded.body.app, round);
        assert.equal(forwarded.sessionCookies.length, 1);
      }
      const signedIn = await call(jar, `/${store}/peek/signin`, 'POST');
      assert.ok(signedIn.ms < 3000, `${signedIn.ms} ms`);
      assert.deepEqual((await call(jar, `/${store}/`)).body, { gateway: 0, app: 2, user: 'ann' });
    });
  }

  // Regression (service-binding pass): a cookie storage's revocation keeping a session whose response was sent already
  // went ahead and signed every device out, that one too, silently. Now it refuses, revoking nothing.
  it('cookie: a revocation keeping a session whose response is sent throws SESSION_ENDED and revokes nothing', TEST, async () => {
    const mine = new CookieJar();
    const other = new CookieJar();
    await call(mine, '/cookie/app/signin', 'POST');
    await call(other, '/cookie/app/signin', 'POST');
    assert.equal((await call(mine, '/cookie/app/others-after', 'POST')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.deepEqual((await call(new CookieJar(), '/last-revocation')).body, { error: 'SESSION_ENDED' });
    assert.equal((await call(mine, '/cookie/')).body.user, 'ann', 'this device is signed out');
    assert.equal((await call(other, '/cookie/')).body.user, 'ann', 'the revocation was made');
  });
});
