// README (Security model, Logout): a cookie session's request under way when the browser logs out signs it in
// again only when it changes the session, "its renewal alone does not, in the same isolate: a rewrite of a session
// read before another write of it is not made". Remix v3's session middleware on our cookie storage: its save()
// claims a renewal by the cookie's value (remix-storage.js) with no time of read, and a logout's save notes nothing,
// so a slow page's renewal, answered after the logout, hands the logged-out browser a fresh signed-in cookie.
// Also for a cookie longer than 160 characters, which the rewrite window keeps as its length, head and tail
// (js/rewrite-window.js keptKey): the logout's note (rememberRewrite) and the slow page's claim (claimRewrite) must
// both be kept so, or they never meet. Mutation pass (s49): rememberRewrite noting the key whole went unnoticed,
// every test's cookie being shorter than 160 characters; such a slow page signed the logged-out browser in again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';

const secrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];
const clock = handClock();

describe('Remix v3 session middleware on the cookie storage', () => {
  for (const [cookieKind, signedInAs] of [['', 'ann'], [' of a cookie longer than 160 characters', 'ann'.padEnd(200, '.')]]) {
    it(`a slow page's renewal${cookieKind} does not sign the browser in again after its logout`, async () => {
      const slowPage = gate();
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, format: 'remix-v3', idleTimeout: 60 });
      const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets }), storage)] });
      const user = ({ get }) => Response.json({ user: get(Session).get('user') ?? null });
      router.get('/', user);
      router.post('/login', (context) => (context.get(Session).set('user', signedInAs), user(context)));
      router.post('/logout', (context) => (context.get(Session).destroy(), user(context)));
      router.get('/slow', async (context) => (await slowPage.pass(), user(context)));
      const fetch = (request) => router.fetch(request);
      const jar = new BrowserJar();
      jar.now = () => clock.now;
      await visit(jar, fetch, '/login', { method: 'POST' });
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, signedInAs);
      if (signedInAs.length > 3) assert.ok(jar.header().length > 170, 'the cookie is past the rewrite window\'s verbatim keys');
      clock.now += 20_000; // the renewal is due
      const slow = visit(jar, fetch, '/slow');
      await slowPage.reached;
      await visit(jar, fetch, '/logout', { method: 'POST' });
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'logged out');
      clock.now += 3_000;
      slowPage.open();
      await slow;
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'the logged-out browser is signed in again');
    });
  }
});

// The same rule for a change (README Security model: "a rewrite of a session read before another write of it is not
// made"), and its converse: a change is always written, a renewal claimed meanwhile or not. Regressions (mutation
// pass): a change's save noting nothing, the slow page's renewal undid the change; a change's save claiming the
// renewal's burst key, it was dropped when a renewal of the burst had been written. No test noticed either.
describe('Remix v3 session middleware on the cookie storage: a change beside a renewal', () => {
  function app(slowPage) {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, format: 'remix-v3', idleTimeout: 60 });
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets }), storage)] });
    const state = ({ get }) => Response.json({ user: get(Session).get('user') ?? null, cart: get(Session).get('cart') ?? null });
    router.get('/', state);
    router.post('/login', (context) => (context.get(Session).set('user', 'ann'), state(context)));
    router.post('/cart', (context) => (context.get(Session).set('cart', 'book'), state(context)));
    router.get('/slow', async (context) => (await slowPage.pass(), state(context)));
    router.post('/slow-cart', async (context) => (await slowPage.pass(), context.get(Session).set('cart', 'book'), state(context)));
    return (request) => router.fetch(request);
  }

  /** A browser signed in to a new app whose renewal is due, and the gate of the app's slow pages. */
  async function signedInWithRenewalDue() {
    const slowPage = gate();
    const fetch = app(slowPage);
    const jar = new BrowserJar();
    jar.now = () => clock.now;
    await visit(jar, fetch, '/login', { method: 'POST' });
    clock.now += 20_000; // the renewal is due
    return { slowPage, fetch, jar };
  }

  it('a slow page\'s renewal does not undo a change saved after its read', async () => {
    const { slowPage, fetch, jar } = await signedInWithRenewalDue();
    const slow = visit(jar, fetch, '/slow');
    await slowPage.reached;
    assert.equal((await (await visit(jar, fetch, '/cart', { method: 'POST' })).json()).cart, 'book');
    clock.now += 3_000;
    slowPage.open();
    await slow;
    assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ann', cart: 'book' }, 'the change is kept');
  });

  it('a change read before a renewal of the same cookie was written is written all the same', async () => {
    const { slowPage, fetch, jar } = await signedInWithRenewalDue();
    const change = visit(jar, fetch, '/slow-cart', { method: 'POST' }); // read, then waits
    await slowPage.reached;
    await visit(jar, fetch, '/'); // the burst's renewal, written
    slowPage.open();
    assert.equal((await (await change).json()).cart, 'book');
    assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ann', cart: 'book' }, 'the change is written');
  });
});
