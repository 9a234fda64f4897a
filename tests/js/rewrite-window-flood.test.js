// The rewrite window (js/rewrite-window.js) is what keeps a slow request's renewal from writing back a session this
// isolate wrote or logged out since that request read it (README, Security model, Logout: "its renewal alone does
// not, in the same isolate"). It is bounded per storage (1000 keys, 1 MiB of key characters), and other clients'
// requests fill it: an attacker's own cookie, due for renewal, sent with a distinct ~60 KB junk pair of the session
// cookie's name beside it (each request's pairs of that name are a key), or a thousand visitors' writes. Once full it was cleared whole, the
// logout's note with it, and the slow request's renewal signed the logged-out browser in again (cookie storage), or
// put back the session it had read over another request's change (KV).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';
import { mapKV } from './map-kv.js';

const options = { cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 60 }; // renewal due after 15 s
const clock = handClock();

function app(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') session.set('user', 'ann');
    if (pathname === '/add') session.set('cart', (session.get('cart') ?? 0) + 1);
    if (pathname === '/logout') session.destroy();
    if (pathname === '/slow') await slowPage.pass(); // a page that takes seconds to render
    return Response.json({ user: session.get('user') ?? null, cart: session.get('cart') ?? null });
  });
}

/**
 * Requests that each leave one more key in the window: the attacker's own stale cookie, its renewal due, beside ~60 KB
 * of junk under the session cookie's name (the first of a name is read; the key is all the session's pairs).
 */
async function flood(fetch, attackerCookie, requests) {
  for (let i = 0; i < requests; i++) {
    const junk = `__session=${String(i).padStart(8, '0')}${'x'.repeat(60_000)}`;
    const response = await fetch(new Request('https://example.com/', { headers: { Cookie: `${attackerCookie}; ${junk}` } }), {}, {});
    await response.arrayBuffer();
  }
}

/** Visitors who each change their own session (one write each), each with an analytics cookie of their own. */
async function visitors(fetch, count) {
  for (let i = 0; i < count; i++) await visit(new BrowserJar().apply([`_ga=GA1.2.${1e9 + i}.1700000000; Path=/`]), fetch, '/add');
}

describe('the rewrite window, filled by other clients', () => {
  for (const [how, fill] of [
    ['18 requests of an attacker\'s stale cookie beside 60 KB of junk', (fetch, attacker) => flood(fetch, attacker, 18)],
    ['1000 other visitors\' writes', (fetch) => visitors(fetch, 1000)],
  ]) {
    it(`cookie storage: a slow page's renewal does not sign the browser in again after its logout (${how})`, async () => {
      const slowPage = gate();
      const fetch = app(createCookieSessionStorage(options), slowPage);
      const attacker = new BrowserJar();
      await visit(attacker, fetch, '/add');
      const attackerCookie = attacker.header();
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login');
      clock.now += 20_000; // renewals are due, the attacker's as well
      const slow = visit(jar, fetch, '/slow');
      await slowPage.reached;
      await visit(jar, fetch, '/logout');
      assert.deepEqual(jar.names(), [], 'logged out');
      clock.now += 3_000; // past the burst window
      await fill(fetch, attackerCookie);
      slowPage.open();
      await slow;
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'the logged-out browser is signed in again');
    });
  }

  it('KV: a slow page\'s renewal does not put back the session over a change made since it read it (1000 other visitors\' writes)', async () => {
    const slowPage = gate();
    const fetch = app(createWorkersKVSessionStorage({ ...options, kv: mapKV() }), slowPage);
    const jar = new BrowserJar();
    await visit(jar, fetch, '/add');
    clock.now += 20_000;
    const slow = visit(jar, fetch, '/slow');
    await slowPage.reached;
    assert.equal((await (await visit(jar, fetch, '/add')).json()).cart, 2);
    clock.now += 3_000;
    await visitors(fetch, 1000);
    slowPage.open();
    await slow;
    assert.equal((await (await visit(jar, fetch, '/')).json()).cart, 2, 'the change was lost');
  });

  it('a page view read after the flood still renews when due (a forgotten note skips only the renewals of requests read before it)', async () => {
    const fetch = app(createCookieSessionStorage(options), gate());
    const attacker = new BrowserJar();
    await visit(attacker, fetch, '/add');
    const jar = new BrowserJar();
    await visit(jar, fetch, '/login');
    clock.now += 20_000;
    await flood(fetch, attacker.header(), 40);
    clock.now += 1;
    assert.equal((await visit(jar, fetch, '/')).headers.getSetCookie().length, 1, 'renewed');
  });

  it('a browser whose other cookie changed between a slow page and its logout is not signed in again by that page\'s renewal', async () => {
    const slowPage = gate();
    const fetch = app(createCookieSessionStorage(options), slowPage);
    const jar = new BrowserJar();
    await visit(jar, fetch, '/login');
    clock.now += 20_000;
    const slow = visit(jar, fetch, '/slow');
    await slowPage.reached;
    jar.apply(['theme=dark; Path=/']); // set by the page's script, or a CDN's bot cookie renewed meanwhile
    await visit(jar, fetch, '/logout');
    clock.now += 3_000;
    slowPage.open();
    await slow;
    assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'the logged-out browser is signed in again');
  });
});
