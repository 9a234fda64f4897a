// README (Security model, Logout): a cookie session's request already under way when the browser logs out "signs
// it in again" only when it changes the session: "its renewal alone does not, in the same isolate: a rewrite of a
// session read before another write of it is not made". Under withSession, the logout's write is noted by the
// session's cookie pairs (request-lifecycle.js rememberWrite), but a renewal is claimed by `session.id || header`,
// and a Remix v3 cookie session has an ID (its payload's `i`): the slow page's renewal looks for a note under a key
// no write of a cookie session is ever noted by, finds none, and signs the logged-out browser in again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';

const secrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];
const clock = handClock();

function app(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') session.set('user', 'ann');
    if (pathname === '/logout') session.destroy();
    if (pathname === '/slow') await slowPage.pass();
    return Response.json({ user: session.get('user') ?? null });
  });
}

describe('a slow page\'s renewal after a logout, per cookie format', () => {
  for (const format of ['react-router', 'remix-v3']) {
    it(`${format}: the renewal does not sign the logged-out browser in again`, async () => {
      const slowPage = gate();
      const fetch = app(createCookieSessionStorage({ cookie: { name: '__session', secrets }, format, idleTimeout: 60 }), slowPage);
      const jar = new BrowserJar();
      jar.now = () => clock.now;
      await visit(jar, fetch, '/login');
      clock.now += 20_000; // the renewal is due
      const slow = visit(jar, fetch, '/slow');
      await slowPage.reached;
      await visit(jar, fetch, '/logout');
      assert.deepEqual(jar.names(), [], 'logged out');
      clock.now += 3_000; // past the burst window
      slowPage.open();
      await slow;
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'the logged-out browser is signed in again');
    });
  }
});
