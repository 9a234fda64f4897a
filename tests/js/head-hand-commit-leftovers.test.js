// A HEAD commits nothing of the lifecycle's own, but a handler's own commit on it is made (its header kept, its
// record written): what that one header cannot carry still goes beside it, as on a 5xx (hand-commit-5xx-stale-
// chunks). README "Sessions beyond one cookie": "When a handler under them calls `commitSession` or `destroySession`
// itself, its one header cannot also expire the chunks the browser holds ...: they add those expirations"; README
// (format migration): "under `withSession` or a middleware, which expire it [the migrateFrom cookie] with any write
// of a session whose request carried it". Adversarial pass on the HEAD rule (a2e2b89): on a HEAD neither went out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const secrets = ['head-hand-commit-secret-0123456789'];

/** `/big` grows the session past one cookie; `/shrink` shrinks it and commits it by hand (React Router's idiom). */
async function act(storage, path, session) {
  if (path === '/big') {
    session.set('big', 'y'.repeat(6000));
    return new Response('big');
  }
  session.unset('big');
  session.set('seen', true);
  return new Response('shrunk', { headers: { 'Set-Cookie': await storage.commitSession(session) } });
}

const fronts = {
  withSession: (storage) => withSession(storage, (request, { session }) => act(storage, new URL(request.url).pathname, session)),
  Hono: (storage) => {
    const app = new Hono();
    app.use(honoSession(storage));
    app.get('*', (c) => act(storage, new URL(c.req.url).pathname, c.get('session')));
    return (request) => app.fetch(request);
  },
  'React Router': (storage) => {
    const loader = ({ request, context }) => act(storage, new URL(request.url).pathname, context.get(sessionContext));
    return createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)] } },
        'routes/page': { id: 'routes/page', parentId: 'root', path: '*', module: { loader } },
      }),
    );
  },
};

for (const [front, make] of Object.entries(fronts)) {
  describe(`${front}: a hand commit on a HEAD keeps what goes beside it`, () => {
    for (const method of ['GET', 'HEAD']) {
      it(`${method}: a chunked session shrunk by hand leaves no stale chunk`, async () => {
        const handler = make(createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks: 4 }));
        const jar = new BrowserJar();
        await visit(jar, handler, '/big');
        assert.ok(jar.names().includes('__session.1'), 'the session spans several cookies');
        await visit(jar, handler, '/shrink', { method });
        assert.deepEqual(jar.names(), ['__session']);
      });

      it(`${method}: a hand commit of a migrating session expires the migrateFrom cookie`, async () => {
        const old = createCookieSessionStorage({ cookie: { name: '__old', secrets } });
        const oldSession = await old.getSession(null);
        oldSession.set('user', 'ada');
        const jar = new BrowserJar().apply([await old.commitSession(oldSession)]);
        const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
        await visit(jar, make(storage), '/shrink', { method });
        assert.deepEqual(jar.names(), ['__session']);
      });
    }
  });
}
