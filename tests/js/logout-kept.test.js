// A logout followed by a failure in the same request (issue 11: a logout nothing can undo). React Router renders a
// logout action's page with its loaders in the action's own document request, and a failing loader makes that a
// 500; a Hono handler may throw after destroy(). The 5xx rule commits nothing, but a destroyed session is ended
// anyway. Each test is named after the defect it pins (from an audit of the framework idioms).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createRequestHandler, data } from 'react-router';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, csrfToken } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { callbacksOf, mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true };
const storages = [
  ['cookie', () => createCookieSessionStorage({ cookie })],
  ['memory', () => createMemorySessionStorage({ cookie })],
];
const sessionOf = (context) => context.get(sessionContext);

/** React Router: /login signs in, /logout logs out as `logout` does and returns data (no redirect); the root loader renders `root`. */
function reactRouterApp(storage, logout, root) {
  return createRequestHandler(
    reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)], default: () => null, loader: ({ context }) => root(sessionOf(context)) } },
      login: {
        id: 'login',
        parentId: 'root',
        path: 'login',
        module: {
          default: () => null,
          action: ({ context }) => {
            sessionOf(context).set('user', 'ada');
            return new Response(null, { status: 303, headers: { Location: '/' } });
          },
        },
      },
      logout: { id: 'logout', parentId: 'root', path: 'logout', module: { default: () => null, action: ({ context }) => logout(storage, sessionOf(context)) } },
      whoami: { id: 'whoami', parentId: 'root', path: 'whoami', module: { loader: ({ context }) => Response.json({ user: sessionOf(context).get('user') ?? null }) } },
    }),
  );
}

const logouts = [
  ['session.destroy()', (storage, session) => (session.destroy(), { signedOut: true })],
  ["React Router's destroySession header", async (storage, session) => data({ signedOut: true }, { headers: { 'Set-Cookie': await storage.destroySession(session) } })],
];

for (const [kind, makeStorage] of storages) {
  for (const [how, logout] of logouts) {
    describe(`A logout whose page fails (React Router, ${kind} storage, ${how})`, () => {
      it('stays a logout when a loader of its page throws; regression: the 500 committed nothing and the user stayed signed in', async (t) => {
        t.mock.method(console, 'error', () => {});
        let failing = false;
        const handler = reactRouterApp(makeStorage(), logout, (session) => {
          if (failing) throw new Error('database down');
          return { user: session.get('user') ?? null };
        });
        const jar = new BrowserJar();
        await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
        assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: 'ada' });
        failing = true;
        assert.equal((await visit(jar, handler, '/logout', { method: 'POST', body: new URLSearchParams() })).status, 500);
        failing = false;
        assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: null });
      });

      it('renders a page with a CSRF token after it; regression: csrfToken threw, a 500 that undid the logout', async () => {
        const handler = reactRouterApp(makeStorage(), logout, (session) => ({ user: session.get('user') ?? null, csrf: csrfToken(session) }));
        const jar = new BrowserJar();
        await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
        assert.equal((await visit(jar, handler, '/logout', { method: 'POST', body: new URLSearchParams() })).status, 200);
        assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: null });
      });
    });
  }

  for (const [how, logOut, regression] of [
    ['destroy()', (c) => c.var.session.destroy(), "onError's 500 committed nothing"],
    [
      'destroySession, then destroy() again',
      async (c, storage) => {
        c.header('Set-Cookie', await storage.destroySession(c.var.session), { append: true });
        c.var.session.destroy(); // "make sure": it is destroyed already
        assert.equal(c.var.session.dirty, false);
      },
      'the second destroy() counted as a change after the commit, and the logout was not sent again',
    ],
  ]) {
    it(`Hono: a handler that throws after ${how} still logs out (${kind} storage); regression: ${regression}`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storage = makeStorage();
      const app = new Hono();
      app.use(honoSession(storage));
      app.onError(() => new Response('oops', { status: 500 })); // an error page: the handler's headers are gone
      app.post('/login', (c) => (c.var.session.set('user', 'ada'), c.text('in')));
      app.post('/logout', async (c) => {
        await logOut(c, storage);
        throw new Error('audit log down');
      });
      app.get('/whoami', (c) => c.json({ user: c.var.session.get('user') ?? null }));
      const jar = new BrowserJar();
      const fetch = (request) => app.fetch(request);
      await visit(jar, fetch, '/login', { method: 'POST' });
      assert.equal((await visit(jar, fetch, '/logout', { method: 'POST' })).status, 500);
      assert.deepEqual(await (await visit(jar, fetch, '/whoami')).json(), { user: null });
    });
  }
}

describe('A logout through destroySession during migrateFrom, then a failure whose page drops the handler\'s headers', () => {
  it('also expires the old cookie (Hono); regression: only __session was, and the old cookie signed the user in again', async (t) => {
    t.mock.method(console, 'error', () => {});
    const secrets = ['s3cr3t'];
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
    const old = createCookieSessionStorage({ cookie: { name: '__old', secrets } });
    const signedIn = await old.getSession(null);
    signedIn.set('user', 'ada');
    const jar = new BrowserJar().apply([await old.commitSession(signedIn)]);
    const app = new Hono();
    app.use(honoSession(storage));
    app.onError(() => new Response('oops', { status: 500 })); // an error page: the handler's headers are gone
    app.post('/logout', async (c) => {
      c.header('Set-Cookie', await storage.destroySession(c.var.session), { append: true });
      throw new Error('audit log down');
    });
    app.get('/whoami', (c) => c.json({ user: c.var.session.get('user') ?? null }));
    const fetch = (request) => app.fetch(request);
    assert.equal((await visit(jar, fetch, '/logout', { method: 'POST' })).status, 500);
    assert.deepEqual(await (await visit(jar, fetch, '/whoami')).json(), { user: null }, `the browser holds ${jar.names()}`);
  });

  // A destroy() after a hand commit is a logout, made on a 5xx as on a 200, its header replacing the commit's.
  // Regression (audit of issue 11): it was left alone as a change after a commit is, and the user stayed signed in.
  it('ends a session committed and then destroyed, on a 5xx as on a 200', async (t) => {
    t.mock.method(console, 'error', () => {});
    for (const [status, storage] of [200, 500].flatMap((status) => [
      [status, createMemorySessionStorage({ cookie })],
      [status, createCookieSessionStorage({ cookie })],
    ])) {
      const app = new Hono();
      app.use(honoSession(storage));
      app.post('/login', (c) => (c.var.session.set('user', 'ada'), c.text('in')));
      app.post('/odd', async (c) => {
        const header = await storage.commitSession(c.var.session);
        c.var.session.destroy();
        return c.text('done', status, { 'Set-Cookie': header });
      });
      app.get('/whoami', (c) => c.json({ user: c.var.session.get('user') ?? null }));
      const jar = new BrowserJar();
      const fetch = (request) => app.fetch(request);
      await visit(jar, fetch, '/login', { method: 'POST' });
      const out = await visit(jar, fetch, '/odd', { method: 'POST' });
      assertOneHeaderPerCookie(out.headers.getSetCookie());
      assert.deepEqual(await (await visit(jar, fetch, '/whoami')).json(), { user: null }, `status ${status}`);
    }
  });
});

/** Our storage itself, or wrapped in the app's own object (no internal symbols). */
const asGiven = (storage) => storage;
const wrapped = (inner) => ({
  getSession: inner.getSession,
  commitSession: (session, options) => inner.commitSession(session, options),
  destroySession: (session, options) => inner.destroySession(session, options),
});
for (const [how, wrap, regression] of [
  ['the storage', asGiven, 'deleted again, which on Durable Objects could wait for another request\'s lease'],
  ['a storage the app wraps', wrapped, 'the lifecycle knew our stores by the storage object, and deleted it again'],
]) {
  it(`a server-side session destroyed through ${how}, then a 5xx, is deleted once; regression: ${regression}`, async (t) => {
    t.mock.method(console, 'error', () => {});
    const backend = mapBackend();
    const callbacks = callbacksOf(backend);
    const deletes = [];
    const remove = callbacks.deleteData;
    callbacks.deleteData = (id) => (deletes.push(id), remove(id));
    const storage = wrap(createSessionStorage({ ...callbacks, cookie }));
    const app = new Hono();
    app.use(honoSession(storage));
    app.post('/login', (c) => (c.var.session.set('user', 'ada'), c.text('in')));
    app.post('/logout', async (c) => {
      c.header('Set-Cookie', await storage.destroySession(c.var.session), { append: true });
      return c.text('oops', 500);
    });
    const jar = new BrowserJar();
    const fetch = (request) => app.fetch(request);
    await visit(jar, fetch, '/login', { method: 'POST' });
    const ids = [...backend.records.keys()];
    assert.equal(ids.length, 1);
    assert.equal((await visit(jar, fetch, '/logout', { method: 'POST' })).status, 500);
    assert.deepEqual(deletes, ids);
    assert.equal(backend.records.size, 0);
  });
}
