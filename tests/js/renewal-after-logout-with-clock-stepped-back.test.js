// README (Security model, Logout): a cookie session's request under way when the browser logs out signs it in again
// only when it changes the session, "its renewal alone does not, in the same isolate: a rewrite of a session read
// before another write of it is not made". Which came first was told by Date.now: a note made after the read but
// stamped earlier, the clock stepped back between them (an NTP step on a Node server), was taken for one made before
// it, and a slow page's renewal answered after the logout handed the logged-out browser its signed-in cookie again,
// under withSession and under Remix v3's save() alike. Regression (s51 lifetime pass): the order is now the isolate's
// own count of reads and notes (js/rewrite-window.js readMark), which no clock moves.
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

const secrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];
const clock = handClock();
const STEP_BACK_MS = 5_000;

/** The app: /login signs ann in, /logout ends the session, /slow waits at `slowPage`; each answers who is signed in. */
function withSessionApp(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') session.set('user', 'ann');
    if (pathname === '/logout') session.destroy();
    if (pathname === '/slow') await slowPage.pass();
    return Response.json({ user: session.get('user') ?? null });
  });
}

function remixApp(storage, slowPage) {
  const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets }), storage)] });
  const user = ({ get }) => Response.json({ user: get(Session).get('user') ?? null });
  router.get('/', user);
  router.get('/login', (context) => (context.get(Session).set('user', 'ann'), user(context)));
  router.get('/logout', (context) => (context.get(Session).destroy(), user(context)));
  router.get('/slow', async (context) => (await slowPage.pass(), user(context)));
  return (request) => router.fetch(request);
}

/** Signs in, starts a slow page with the renewal due, steps the clock back, logs out, then lets the slow page answer. */
async function userAfterSlowPageAndLogout(makeApp) {
  const slowPage = gate();
  const fetch = makeApp(slowPage);
  const jar = new BrowserJar();
  jar.now = () => clock.now;
  await visit(jar, fetch, '/login');
  clock.now += 3_000; // idleTimeout 10: the renewal is due (touchInterval 2.5 s)
  const slow = visit(jar, fetch, '/slow');
  await slowPage.reached;
  clock.now -= STEP_BACK_MS;
  await visit(jar, fetch, '/logout');
  assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'logged out');
  clock.now += 1_500; // past the renewal window (1.25 s)
  slowPage.open();
  await slow;
  return (await (await visit(jar, fetch, '/')).json()).user;
}

const storageOptions = { cookie: { name: '__session', secrets }, idleTimeout: 10 };

describe('a slow page\'s renewal answered after a logout, the clock stepped back in between', () => {
  for (const [kind, extra] of [['signed', {}], ['sealed', { encrypt: true }], ['chunked', { chunks: 2 }]]) {
    it(`withSession, a ${kind} cookie: the browser stays logged out`, async () => {
      const storage = createCookieSessionStorage({ ...storageOptions, ...extra });
      assert.equal(await userAfterSlowPageAndLogout((slowPage) => withSessionApp(storage, slowPage)), null);
    });
  }

  it('Remix v3 save() on the cookie storage: the browser stays logged out', async () => {
    const storage = createCookieSessionStorage({ ...storageOptions, format: 'remix-v3' });
    assert.equal(await userAfterSlowPageAndLogout((slowPage) => remixApp(storage, slowPage)), null);
  });

  it('control: with the clock running on, the slow page\'s renewal alone keeps a browser signed in', async () => {
    const storage = createCookieSessionStorage(storageOptions);
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
