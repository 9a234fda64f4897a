// A storage whose cookie lives at /app, migrating from a cookie of another name at / (migrateFrom), serving a page at
// / as well (withSession or a middleware around the whole site): the browser sends that page the old cookie and not
// the new one, which it may hold at /app, newer. README Cookie format: the old cookie is read only when the new one is
// absent, and __session wins however much newer __old is; withSession writes a migration even for an untouched
// session. From a page the new cookie's Path does not reach, that write replaced the /app cookie: with the session of
// a React Router cookie set again at / (a version still serving it), or an empty one for another app's cookie of that
// name, and the user was signed out at /app. The app's own change there is still written (a sign-in form at /login
// for a cookie at /app), and so is a renewal of a request that carried the cookie itself, whatever its URL says (a
// Hono app.mount sub-app gets the URL with the mount's path taken off). Regression (s51 attributes scenario pass):
// fails before on the 12 "writes nothing" cases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { FRAMEWORKS } from './page-under-each-framework.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const secrets = ['page-outside-cookie-path-secret-0123456789'];
const NOTES = 'n'.repeat(5000); // two cookies with chunks

/** Every page answers who is signed in; /app/login and /login sign bob in (with NOTES, chunked). */
function page(session, path, chunked) {
  if (path.endsWith('/login')) {
    session.set('user', 'bob');
    if (chunked) session.set('notes', NOTES);
  }
  return new Response(String(session.get('user') ?? 'nobody'));
}

/** The Set-Cookie of a `__session` at / that a version still serving React Router's storage writes: ada's session. */
async function reactRoutersCookie() {
  const theirs = theirCookieSessionStorage({ cookie: { name: '__session', secrets } });
  const session = await theirs.getSession(null);
  session.set('user', 'ada');
  return theirs.commitSession(session);
}

const OLD_COOKIES = {
  "React Router's, set again": reactRoutersCookie,
  "another app's of that name": async () => '__session=another-apps-value; Path=/',
};

describe('a page outside the cookie\'s path, sent only the migrateFrom cookie', () => {
  for (const [framework, app] of Object.entries(FRAMEWORKS)) {
    for (const chunks of [1, 3]) {
      const storage = () =>
        createCookieSessionStorage({
          cookie: { name: 'app_session', path: '/app', secrets },
          chunks,
          migrateFrom: { cookie: { name: '__session', secrets }, format: 'react-router' },
        });

      for (const [kind, oldCookie] of Object.entries(OLD_COOKIES)) {
        it(`${framework}, chunks: ${chunks}, ${kind}: writes nothing over the cookie at /app`, async () => {
          const fetchLike = app(storage(), (session, path) => page(session, path, chunks > 1));
          const jar = new BrowserJar();
          assert.equal(await (await visit(jar, fetchLike, '/app/login')).text(), 'bob');
          // `/apply` starts with `/app` but is not below it (RFC 6265 5.1.4): the cookie is not sent there either.
          for (const outsidePath of ['/', '/apply']) {
            jar.apply([await oldCookie()]);
            const outside = await visit(jar, fetchLike, outsidePath);
            assert.deepEqual(outside.headers.getSetCookie().filter((header) => header.startsWith('app_session')), [], outsidePath);
            assert.equal(await (await visit(jar, fetchLike, '/app/me')).text(), 'bob', `still signed in at /app after ${outsidePath}`);
          }
        });
      }

      it(`${framework}, chunks: ${chunks}: a sign-in made there is written to /app`, async () => {
        const fetchLike = app(storage(), (session, path) => page(session, path, chunks > 1));
        const jar = new BrowserJar();
        assert.equal(await (await visit(jar, fetchLike, '/login')).text(), 'bob');
        assert.equal(await (await visit(jar, fetchLike, '/app/me')).text(), 'bob');
      });
    }
  }

  it('a Hono app.mount sub-app at /app, sent the cookie, still renews it (its URL has /app taken off)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 0, 1) });
    const storage = createCookieSessionStorage({ cookie: { name: 'app_session', path: '/app', secrets }, idleTimeout: 3600, touchInterval: 60 });
    const sub = new Hono();
    sub.use(honoSession(storage));
    sub.get('*', (c) => c.text(`${c.get('session').get('user') ?? 'nobody'} at ${c.req.path}`));
    const app = new Hono();
    app.mount('/app', sub.fetch);
    const jar = new BrowserJar();
    const session = await storage.getSession(null);
    session.set('user', 'bob');
    jar.apply([await storage.commitSession(session)]);
    t.mock.timers.tick(120_000);
    const response = await visit(jar, (request) => app.fetch(request), '/app/x');
    assert.equal(await response.text(), 'bob at /x');
    assert.equal(response.headers.getSetCookie().filter((header) => header.startsWith('app_session=')).length, 1, 'renewed');
  });
});
