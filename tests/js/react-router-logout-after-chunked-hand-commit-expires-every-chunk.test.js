// README (chunks): destroySession returns one header, and the middlewares add the expirations of the chunks the
// browser holds; a session logged out by hand has its own headers from before the logout taken from the response,
// in whatever order a middleware put them. A chunked session of two cookies, committed by hand through
// commitSessionHeaders in a child route's loader, then logged out by hand (destroySession) in the root loader:
// React Router puts the parent's header first, so the logout came before the dropped commit's two headers, whose
// `__session.1=<data>` counted as a later header for that cookie, and its expiry was not sent. The browser kept the
// old session's second chunk after the logout. Regression (s50, React Router scenario pass): the logout sent
// `__session` expired alone, `__session.1` stayed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, data } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'], maxAge: 3600 };
const LONG = 5000; // two cookies

function headersOf(setCookies) {
  const headers = new Headers();
  for (const header of [setCookies].flat()) headers.append('Set-Cookie', header);
  return headers;
}

/** Signs in with a session of two cookies, then runs the logout request; what the browser holds after it. */
async function afterLogout(fetchLike) {
  const jar = new BrowserJar();
  await visit(jar, fetchLike, '/sign-in');
  assert.deepEqual(jar.names(), ['__session', '__session.1']);
  const response = await visit(jar, fetchLike, '/out');
  assertOneHeaderPerCookie(response.headers.getSetCookie());
  const read = await (await visit(jar, fetchLike, '/who')).json();
  return { names: jar.names(), user: read.user };
}

describe('a chunked session committed by hand, then logged out by hand, its commit after the logout in the response', () => {
  it('React Router: a child loader commitSessionHeaders, the root loader destroySession', async () => {
    const storage = createCookieSessionStorage({ cookie, chunks: 3 });
    const session = (context) => context.get(sessionContext);
    const route = (id, path, loader, page = () => null) => ({ id: `routes/${id}`, parentId: 'root', path, module: { default: page, loader } });
    const fetchLike = createRequestHandler(
      reactRouterBuild({
        root: {
          id: 'root',
          path: '',
          module: {
            middleware: [sessionMiddleware(storage)],
            default: () => null,
            loader: async ({ request, context }) => {
              if (new URL(request.url).pathname !== '/out') return {};
              // After the child's commit: the logout is the request's latest word.
              await new Promise((resolve) => setTimeout(resolve, 5));
              return data({}, { headers: headersOf(await storage.destroySession(session(context))) });
            },
          },
        },
        'routes/sign-in': route('sign-in', 'sign-in', ({ context }) => {
          session(context).set('user', 'alice');
          session(context).set('note', 'n'.repeat(LONG));
          return {};
        }),
        'routes/out': route('out', 'out', async ({ context }) => {
          session(context).set('seen', 1);
          return data({}, { headers: headersOf(await storage.commitSessionHeaders(session(context))) });
        }),
        'routes/who': route('who', 'who', ({ context }) => Response.json({ user: session(context).get('user') ?? null }), null), // a resource route
      }),
    );
    assert.deepEqual(await afterLogout(fetchLike), { names: [], user: null });
  });

  it('withSession: the handler puts the logout header first, the earlier commit\'s headers after it', async () => {
    const storage = createCookieSessionStorage({ cookie, chunks: 3 });
    const fetchLike = withSession(storage, async (request, { session }) => {
      const path = new URL(request.url).pathname;
      if (path === '/who') return Response.json({ user: session.get('user') ?? null });
      if (path === '/sign-in') {
        session.set('user', 'alice');
        session.set('note', 'n'.repeat(LONG));
        return new Response('in');
      }
      session.set('seen', 1);
      const committed = await storage.commitSessionHeaders(session);
      const logout = await storage.destroySession(session);
      return new Response('out', { headers: headersOf([logout, ...committed]) });
    });
    assert.deepEqual(await afterLogout(fetchLike), { names: [], user: null });
  });
});
