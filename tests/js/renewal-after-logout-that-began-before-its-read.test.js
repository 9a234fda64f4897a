// README (Session lifetime, Rolling renewal): "A renewal is a write of the session as the request read it: one whose
// session another request of the isolate wrote since that read ... is not written"; (Security model, Logout) a request
// under way when the browser logs out does not sign it in again by its renewal alone, in the same isolate. Here the
// logout's request began before the slow page's read and wrote its logout right after it, nothing else of the isolate
// read or wrote in between: the slow page's renewal, answered past the window, is still not written.
// Mutation pass (s51): rewrite-window.js claimRewrite taking a note only past the read's mark plus one went unnoticed
// (every test had another read between the slow page's and the write): the browser was signed in again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();
const secrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];

describe('a slow page read while a logout was under way, the logout written next', () => {
  for (const [kind, extra] of [['signed', {}], ['chunked', { chunks: 2 }]]) {
    it(`withSession, a ${kind} cookie: the browser stays logged out`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, idleTimeout: 10, ...extra });
      const slowPage = gate();
      const logout = gate();
      const fetch = withSession(storage, async (request, { session }) => {
        const { pathname } = new URL(request.url);
        if (pathname === '/login') session.set('user', 'ann');
        if (pathname === '/logout') (await logout.pass(), session.destroy());
        if (pathname === '/slow') await slowPage.pass();
        return Response.json({ user: session.get('user') ?? null });
      });
      const jar = new BrowserJar();
      jar.now = () => clock.now;
      await visit(jar, fetch, '/login');
      clock.now += 3_000; // idleTimeout 10: the renewal is due (touchInterval 2.5 s)
      const loggingOut = visit(jar, fetch, '/logout');
      await logout.reached;
      const slow = visit(jar, fetch, '/slow');
      await slowPage.reached;
      logout.open();
      assert.deepEqual(await (await loggingOut).json(), { user: null });
      clock.now += 1_500; // past the renewal window (1.25 s)
      slowPage.open();
      await slow;
      assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: null });
    });
  }
});
