// README (Session lifetime, Rolling renewal): "A renewal is a write of the session as the request read it: one whose
// session another request of the isolate wrote since that read (a slow page beside a change) is not written"; and
// (Security model, Logout) a cookie session's request under way when the browser logs out does not sign it in again
// by "its renewal alone ... in the same isolate". Which came first was told by Date.now: with the clock stepped back
// between the slow page's read and the other write (an NTP step on a Node server), that write's note was taken for
// one made before the read, and the slow page's renewal, answered past the window, wrote the session as it had read
// it: after a logout it handed the browser its signed-in cookie again (signed, sealed and chunked cookies, Remix v3's
// save() on the cookie storage), after a change it lost the cart (every storage, under withSession and under Remix
// v3's save() on the server-side storages). Regression (s51 lifetime pass): the order is now the isolate's own count
// of reads and notes (js/rewrite-window.js, recent-deletes.js readMark), which no clock moves.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';
import { serverSideStores } from './server-side-stores.js';

const clock = handClock();
const secrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];
const options = { cookie: { name: '__session', secrets }, idleTimeout: 10 };

/** What a page answers: the session's user and cart. */
const stateOf = (session) => Response.json({ user: session.get('user') ?? null, cart: session.get('cart') ?? null });

/** The app: /login signs ann in, /cart puts a book in the cart, /logout ends the session, /slow waits at `slowPage`. */
function withSessionApp(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') session.set('user', 'ann');
    if (pathname === '/cart') session.set('cart', 'book');
    if (pathname === '/logout') session.destroy();
    if (pathname === '/slow') await slowPage.pass();
    return stateOf(session);
  });
}

function remixApp(storage, slowPage) {
  const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets }), storage)] });
  router.get('/', ({ get }) => stateOf(get(Session)));
  router.get('/login', ({ get }) => (get(Session).set('user', 'ann'), stateOf(get(Session))));
  router.get('/cart', ({ get }) => (get(Session).set('cart', 'book'), stateOf(get(Session))));
  router.get('/logout', ({ get }) => (get(Session).destroy(), stateOf(get(Session))));
  router.get('/slow', async ({ get }) => (await slowPage.pass(), stateOf(get(Session))));
  return (request) => router.fetch(request);
}

/**
 * Signs in, starts a slow page with the renewal due, steps the clock back by `stepBackMs`, visits `write` (/cart or
 * /logout), lets the slow page answer past the renewal window; returns what the browser then reads.
 */
async function stateAfterSlowPageAnd(write, fetchOf, stepBackMs = 5_000) {
  const slowPage = gate();
  const fetch = fetchOf(slowPage);
  const jar = new BrowserJar();
  jar.now = () => clock.now;
  await visit(jar, fetch, '/login');
  clock.now += 3_000; // idleTimeout 10: the renewal is due (touchInterval 2.5 s)
  const slow = visit(jar, fetch, '/slow');
  await slowPage.reached;
  clock.now -= stepBackMs;
  const written = await (await visit(jar, fetch, write)).json();
  assert.deepEqual(written, write === '/cart' ? { user: 'ann', cart: 'book' } : { user: null, cart: null }, `${write} answered`);
  clock.now += 1_500; // past the renewal window (1.25 s)
  slowPage.open();
  await slow;
  return (await visit(jar, fetch, '/')).json();
}

describe('a slow page\'s renewal answered after a logout, the clock stepped back in between', () => {
  for (const [kind, extra] of [['signed', {}], ['sealed', { encrypt: true }], ['chunked', { chunks: 2 }]]) {
    it(`withSession, a ${kind} cookie: the browser stays logged out`, async () => {
      const storage = createCookieSessionStorage({ ...options, ...extra });
      assert.deepEqual(await stateAfterSlowPageAnd('/logout', (slowPage) => withSessionApp(storage, slowPage)), { user: null, cart: null });
    });
  }

  it('Remix v3 save() on the cookie storage: the browser stays logged out', async () => {
    const storage = createCookieSessionStorage({ ...options, format: 'remix-v3' });
    assert.deepEqual(await stateAfterSlowPageAnd('/logout', (slowPage) => remixApp(storage, slowPage)), { user: null, cart: null });
  });

  it('control: with the clock running on, the slow page\'s renewal alone keeps a browser signed in', async () => {
    const storage = createCookieSessionStorage(options);
    const slowPage = gate();
    const fetch = withSessionApp(storage, slowPage);
    const jar = new BrowserJar();
    jar.now = () => clock.now;
    await visit(jar, fetch, '/login');
    clock.now += 3_000;
    const slow = visit(jar, fetch, '/slow');
    await slowPage.reached;
    slowPage.open();
    assert.equal((await slow).headers.getSetCookie().length, 1, 'renewed');
    assert.equal((await (await visit(jar, fetch, '/')).json()).user, 'ann');
  });
});

describe('a slow page\'s renewal answered after a change, the clock stepped back in between', () => {
  const stores = { cookie: async () => createCookieSessionStorage(options), ...serverSideStores(options) };
  for (const [kind, make] of Object.entries(stores)) {
    it(`withSession, ${kind}: the change stays`, async (t) => {
      const storage = await make(t);
      assert.deepEqual(await stateAfterSlowPageAnd('/cart', (slowPage) => withSessionApp(storage, slowPage)), { user: 'ann', cart: 'book' });
    });
  }
  for (const [kind, make] of Object.entries(serverSideStores(options))) {
    it(`Remix v3 save(), ${kind}: the change stays`, async (t) => {
      const storage = await make(t);
      assert.deepEqual(await stateAfterSlowPageAnd('/cart', (slowPage) => remixApp(storage, slowPage)), { user: 'ann', cart: 'book' });
    });
  }
});
