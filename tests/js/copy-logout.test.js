// A logout made on another copy of the request's session (the app's own getSession, React Router's idiom, or a Hono
// app.mount sub-app's) stands over the request's session: its write and its hand commits are not sent over it
// (README, withSession). Two cases a review found where they were.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { appMountingAccount, lastSeen } from '../helpers/hono-apps.js';

const secrets = ['s3cr3t'];
const cookie = { name: '__session', secrets, httpOnly: true };
const migrateFrom = { cookie: { name: '__old', secrets }, format: 'react-router' };

/** A browser holding ada's pre-migration React Router session in `__old`. */
async function migratingBrowser() {
  const theirs = theirCookieSessionStorage({ cookie: { name: '__old', secrets } });
  const session = await theirs.getSession(null);
  session.set('user', 'ada');
  return new BrowserJar().apply([await theirs.commitSession(session)]);
}

// By hand during a migration, destroySession keeps __session empty rather than expiring it (the old cookie would
// be read again): that empty header was taken for no logout.
describe('A copy\'s logout during migrateFrom (regression: its kept-empty header was not seen as a logout)', () => {
  it('withSession: the handler changes its session, then logs out its own getSession copy: signed out', async () => {
    const storage = createCookieSessionStorage({ cookie, migrateFrom });
    const handler = withSession(storage, async (request, { session }) => {
      const path = new URL(request.url).pathname;
      if (path === '/me') return Response.json({ user: session.get('user') ?? null });
      session.set('lastPage', path); // a change of the request's own session
      const own = await storage.getSession(request.headers.get('Cookie'));
      return new Response('out', { headers: { 'Set-Cookie': await storage.destroySession(own) } });
    });
    const jar = await migratingBrowser();
    await visit(jar, handler, '/logout', { method: 'POST' });
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null }, `the browser holds ${jar.names()}`);
  });

  it('Hono: a "last seen" middleware commits by hand, the route logs out its own getSession copy: signed out', async () => {
    const storage = createCookieSessionStorage({ cookie, migrateFrom });
    const hono = new Hono();
    hono.use(honoSession(storage));
    hono.use(lastSeen(storage));
    hono.post('/logout', async (c) => {
      const own = await storage.getSession(c.req.header('Cookie'));
      c.header('Set-Cookie', await storage.destroySession(own), { append: true });
      return c.redirect('/', 303);
    });
    hono.get('/me', (c) => c.json({ user: c.get('session').get('user') ?? null }));
    const fetch = (request) => hono.fetch(request);
    const jar = await migratingBrowser();
    await visit(jar, fetch, '/logout', { method: 'POST' });
    assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null }, `the browser holds ${jar.names()}`);
  });
});

// A 5xx writes nothing of the request's session, but a logout is made and sent anyway, a copy's as the session's own.
describe('A copy\'s logout followed by a server error (regression: on a 5xx a hand commit was sent over it)', () => {
  for (const status of [200, 500]) {
    it(`Hono app.mount sub-app logs out, then answers ${status}; the parent's "last seen" hand commit does not sign the user in again`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storage = createCookieSessionStorage({ cookie });
      const account = new Hono();
      account.use(honoSession(storage));
      account.post('/logout', (c) => {
        c.get('session').destroy();
        if (status === 500) throw new Error('the audit log is down'); // a failure after the logout
        return c.redirect('/', 303);
      });
      const fetch = appMountingAccount(storage, account);
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      const out = await visit(jar, fetch, '/account/logout', { method: 'POST' });
      assert.equal(out.status, status === 500 ? 500 : 303);
      assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null }, JSON.stringify(out.headers.getSetCookie()));
    });
  }
});
