// A logout's response carries Clear-Site-Data: "prefetchCache", "prerenderCache" (README, Logout), so a page the
// browser prefetched or prerendered for the signed-in user is not shown after a sign-out sent by script
// (tests/browser/speculative-loads). A logout made on another copy of the request's session, which the lifecycle
// keeps as the logout (README, withSession: "your own getSession", React Router's idiom of an action that calls
// destroySession), must carry it as well. Regression (adversarial pass): only a logout of the lifecycle's own
// session object did, and React Router's classic logout action under our middleware left the prefetched
// signed-in pages in place.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, redirect } from 'react-router';
import { Hono } from 'hono';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t'];
const CLEARS = '"prefetchCache", "prerenderCache"';
const storages = {
  cookie: () => createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true } }),
  memory: () => createMemorySessionStorage({ cookie: { name: '__session', secrets, httpOnly: true } }),
};

for (const [kind, make] of Object.entries(storages)) {
  describe(`A logout by another copy of the request's session carries Clear-Site-Data (${kind} storage)`, () => {
    it('withSession: the handler logs out its own getSession copy', async () => {
      const storage = make();
      const handler = withSession(storage, async (request, { session }) => {
        const path = new URL(request.url).pathname;
        if (path === '/login') {
          session.set('user', 'ada');
          return new Response('in');
        }
        if (path === '/me') return Response.json({ user: session.get('user') ?? null });
        const own = await storage.getSession(request.headers.get('Cookie'));
        return new Response(null, { status: 204, headers: { 'Set-Cookie': await storage.destroySession(own) } });
      });
      const jar = new BrowserJar();
      await visit(jar, handler, '/login', { method: 'POST' });
      const out = await visit(jar, handler, '/logout', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null }, 'signed out');
      assert.equal(out.headers.get('Clear-Site-Data'), CLEARS);
    });

    it("React Router's middleware: an action of the getSession/destroySession kind redirects", async () => {
      const storage = make();
      const handler = createRequestHandler(
        reactRouterBuild({
          root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)] } },
          'routes/login': {
            id: 'routes/login', parentId: 'root', path: 'login',
            module: { action: ({ context }) => { context.get(sessionContext).set('user', 'ada'); return redirect('/me'); } },
          },
          'routes/me': {
            id: 'routes/me', parentId: 'root', path: 'me',
            module: { loader: ({ context }) => Response.json({ user: context.get(sessionContext).get('user') ?? null }) },
          },
          'routes/logout': {
            id: 'routes/logout', parentId: 'root', path: 'logout',
            module: {
              action: async ({ request }) => {
                const session = await storage.getSession(request.headers.get('Cookie'));
                return redirect('/', { headers: { 'Set-Cookie': await storage.destroySession(session) } });
              },
            },
          },
        }),
      );
      const jar = new BrowserJar();
      await visit(jar, handler, '/login', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: 'ada' });
      const out = await visit(jar, handler, '/logout', { method: 'POST' });
      assert.equal(out.status, 302);
      assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null }, 'signed out');
      assert.equal(out.headers.get('Clear-Site-Data'), CLEARS);
    });

    it('Hono: a route logs out its own getSession copy', async () => {
      const storage = make();
      const app = new Hono();
      app.use(honoSession(storage));
      app.post('/login', (c) => { c.get('session').set('user', 'ada'); return c.text('in'); });
      app.get('/me', (c) => c.json({ user: c.get('session').get('user') ?? null }));
      app.post('/logout', async (c) => {
        const own = await storage.getSession(c.req.header('Cookie'));
        c.header('Set-Cookie', await storage.destroySession(own), { append: true });
        return c.body(null, 204);
      });
      const fetch = (request) => app.fetch(request);
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      const out = await visit(jar, fetch, '/logout', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null }, 'signed out');
      assert.equal(out.headers.get('Clear-Site-Data'), CLEARS);
    });
  });
}
