// 7bda62f keys a cookie session in the renewals' pacing by its own cookie pairs, so that a cookie of another kind
// set between a slow page and a logout (a page's script, a CDN's bot cookie) no longer hides the logout from that
// page's renewal. A session read from a storage's migrateFrom cookie is still keyed by the whole Cookie header
// (request-lifecycle.js openSession): during a migration, the same theme cookie changed between the two requests
// hides the logout, and the slow page's migrating rewrite (it writes the new cookie) signs the browser in again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';

const secrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];

function app(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/logout') session.destroy();
    if (pathname === '/slow') await slowPage.pass();
    return Response.json({ user: session.get('user') ?? null });
  });
}

describe('a migrating session\'s slow page and a logout', () => {
  for (const themeChanged of [false, true]) {
    it(`the slow page's migration does not sign the logged-out browser in again (another cookie ${themeChanged ? 'changed' : 'unchanged'} between them)`, async () => {
      const theirs = theirCookieSessionStorage({ cookie: { name: '__old', secrets } });
      const old = await theirs.getSession(null);
      old.set('user', 'ann');
      const jar = new BrowserJar().apply([await theirs.commitSession(old), 'theme=light; Path=/']);
      const slowPage = gate();
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, idleTimeout: 60, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
      const fetch = app(storage, slowPage);
      const slow = visit(jar, fetch, '/slow');
      await slowPage.reached;
      if (themeChanged) jar.apply(['theme=dark; Path=/']); // set by the page's script meanwhile
      await visit(jar, fetch, '/logout');
      assert.deepEqual(jar.names(), ['theme'], 'logged out');
      slowPage.open();
      await slow;
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'the logged-out browser is signed in again');
    });
  }
});
