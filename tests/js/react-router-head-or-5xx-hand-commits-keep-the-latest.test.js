// README (withSession): several hand commits of a session in one response (React Router's routes each returning
// one, merged parent first) keep only the latest commit's header, wherever the framework put it; a HEAD or a 5xx
// commits nothing of the lifecycle's own, but a handler's own commit on it is still made, its header kept. A child
// loader commits by hand, then the root loader, later, changes the session and commits again; React Router puts the
// root's header first, so the child's earlier one came last. On a GET only the latest went out; on a HEAD or a 5xx
// both did (two Set-Cookies for one cookie), and the browser kept the earlier: the root's change was undone, and on
// a memory storage, whose regenerateId(true) deleted the old record, the user was signed out. Regression (s50, React
// Router scenario pass): both headers went out on a HEAD and on a 503.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, data } from 'react-router';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'], maxAge: 3600 };
const STORAGES = {
  cookie: () => createCookieSessionStorage({ cookie }),
  memory: () => createMemorySessionStorage({ cookie, userKey: 'user' }),
};

/** Signs alice in, runs the two commits as `method` answered with `status`, then reads what the browser holds. */
async function twoCommits(storage, { method, status }) {
  const session = (context) => context.get(sessionContext);
  const committed = async (context, init = {}) => data({}, { ...init, headers: { 'Set-Cookie': await storage.commitSession(session(context)) } });
  const route = (id, loader) => ({ id: `routes/${id}`, parentId: 'root', path: id, module: { default: () => null, loader } });
  const fetchLike = createRequestHandler(
    reactRouterBuild({
      root: {
        id: 'root',
        path: '',
        module: {
          middleware: [sessionMiddleware(storage)],
          default: () => null,
          loader: async ({ request, context }) => {
            if (new URL(request.url).pathname !== '/twice') return {};
            await new Promise((resolve) => setTimeout(resolve, 5)); // after the child's commit
            session(context).set('step', 'root, later');
            session(context).regenerateId(true);
            return committed(context, { status });
          },
        },
      },
      'routes/sign-in': route('sign-in', ({ context }) => (session(context).set('user', 'alice'), {})),
      'routes/twice': route('twice', (args) => (session(args.context).set('step', 'child, earlier'), committed(args.context))),
      // A resource route (no component): its Response is the answer.
      'routes/who': { id: 'routes/who', parentId: 'root', path: 'who', module: { loader: ({ context }) => Response.json({ user: session(context).get('user') ?? null, step: session(context).get('step') ?? null }) } },
    }),
  );
  const jar = new BrowserJar();
  await visit(jar, fetchLike, '/sign-in');
  const response = await visit(jar, fetchLike, '/twice', { method });
  assert.equal(response.status, status);
  const setCookies = response.headers.getSetCookie();
  assertOneHeaderPerCookie(setCookies);
  return (await visit(jar, fetchLike, '/who')).json();
}

for (const [name, makeStorage] of Object.entries(STORAGES)) {
  describe(`React Router, ${name} storage: a child loader's hand commit, then the root loader's later one`, () => {
    it('a HEAD keeps the root loader\'s, the latest', async () => {
      assert.deepEqual(await twoCommits(makeStorage(), { method: 'HEAD', status: 200 }), { user: 'alice', step: 'root, later' });
    });

    it('a 503 keeps the root loader\'s, the latest', async () => {
      assert.deepEqual(await twoCommits(makeStorage(), { method: 'GET', status: 503 }), { user: 'alice', step: 'root, later' });
    });
  });
}

it('withSession: a 500 whose handler put its earlier commit\'s header after its later one sends the later alone', async () => {
  const storage = createMemorySessionStorage({ cookie, userKey: 'user' });
  const fetchLike = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/sign-in') return (session.set('user', 'alice'), new Response('in'));
    if (path === '/who') return Response.json({ user: session.get('user') ?? null });
    const earlier = await storage.commitSession(session);
    session.regenerateId(true);
    const later = await storage.commitSession(session);
    const headers = new Headers([['Set-Cookie', later], ['Set-Cookie', earlier]]);
    return new Response('failed', { status: 500, headers });
  });
  const jar = new BrowserJar();
  await visit(jar, fetchLike, '/sign-in');
  assertOneHeaderPerCookie((await visit(jar, fetchLike, '/twice')).headers.getSetCookie());
  assert.deepEqual(await (await visit(jar, fetchLike, '/who')).json(), { user: 'alice' });
});
