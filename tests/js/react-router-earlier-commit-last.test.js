// Two hand commits of the request's session in one React Router request: the child route's action, then the root
// loader React Router runs after it, each returning its header. React Router merges the routes' headers, the
// parent's first, so the earlier commit's header came last and the browser kept it: a sign-out (or a rotation) the
// root loader made was undone. Regression (React Router lifecycle audit): now the middleware keeps the latest
// commit's header alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, data } from 'react-router';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { CookieJar } from '../helpers/cookie-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

/** A POST to a child route whose action runs `action`; the root loader, run after it, runs `rootLoader`. */
async function post(storage, start, { action, rootLoader }) {
  const committed = async (session) => data({}, { headers: { 'Set-Cookie': await storage.commitSession(session) } });
  const app = createRequestHandler(
    reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)], default: () => null, loader: async ({ context }) => committed(await rootLoader(context.get(sessionContext))) } },
      'routes/account': { id: 'routes/account', parentId: 'root', path: 'account', module: { default: () => null, loader: () => ({}), action: async ({ context }) => committed(await action(context.get(sessionContext))) } },
    }),
  );
  const jar = new CookieJar();
  const first = await storage.getSession(null);
  for (const [key, value] of Object.entries(start)) first.set(key, value);
  jar.update(new Response(null, { headers: { 'Set-Cookie': await storage.commitSession(first) } }));
  const response = await app(new Request('https://app.example/account', { method: 'POST', headers: { Cookie: jar.header() }, body: new URLSearchParams({ x: '1' }) }));
  const setCookies = response.headers.getSetCookie();
  jar.update(response);
  const session = await storage.getSession(jar.header() ?? null);
  return { setCookies, user: session.get('userId') };
}

describe('React Router: an action and the root loader after it each commit the session by hand', () => {
  it('cookie storage: the root loader signs out, and the browser is signed out', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const { setCookies, user } = await post(storage, { userId: 'alice' }, {
      action: (session) => (session.set('stamp', 1), session),
      rootLoader: (session) => (session.unset('userId'), session),
    });
    assert.equal(setCookies.length, 1, setCookies.join(' | '));
    assert.equal(user, undefined);
  });

  it('memory storage: a sign-in, then regenerateId(true): the browser holds the new ID, signed in', async () => {
    const storage = createMemorySessionStorage({ cookie, userKey: 'userId' });
    const { setCookies, user } = await post(storage, { visits: 1 }, {
      action: (session) => (session.set('userId', 'alice'), session),
      rootLoader: (session) => (session.regenerateId(true), session),
    });
    assert.equal(setCookies.length, 1, setCookies.join(' | '));
    assert.equal(user, 'alice');
  });
});
