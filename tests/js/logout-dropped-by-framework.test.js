// React Router's logout idiom ("Set-Cookie": await destroySession(session), returning data, no redirect) on a page
// whose root loader refuses a visitor who is not signed in with a thrown 4xx (or a redirect to /login). React Router
// renders the error boundary and drops the action's headers (getDocumentHeaders keeps only the routes up to the
// boundary): the lifecycle sends the expiring cookie again, whatever the status. Regression (review): it did so
// only on a 5xx (tests/js/logout-kept.test.js); on a redirect or a 4xx it sent nothing, and the user stayed signed
// in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, data, redirect } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true };
const sessionOf = (context) => context.get(sessionContext);

function app(storage, refuse) {
  return createRequestHandler(
    reactRouterBuild({
      root: {
        id: 'root', path: '',
        module: {
          middleware: [sessionMiddleware(storage)], default: () => null, ErrorBoundary: () => null,
          loader: ({ context, request }) => {
            const user = sessionOf(context).get('user');
            const path = new URL(request.url).pathname;
            if (!user && path !== '/login') refuse(); // a page for signed-in users only
            return { user: user ?? null };
          },
        },
      },
      login: { id: 'login', parentId: 'root', path: 'login', module: { default: () => null, action: ({ context }) => (sessionOf(context).set('user', 'ada'), new Response(null, { status: 303, headers: { Location: '/account' } })) } },
      account: {
        id: 'account', parentId: 'root', path: 'account',
        module: {
          default: () => null,
          loader: () => ({ ok: true }),
          action: async ({ context }) => data({ signedOut: true }, { headers: { 'Set-Cookie': await storage.destroySession(sessionOf(context)) } }),
        },
      },
      whoami: { id: 'whoami', parentId: 'root', path: 'whoami', module: { loader: ({ context }) => Response.json({ user: sessionOf(context).get('user') ?? null }) } },
    }),
  );
}

const refusals = [
  ['throw data(null, { status: 401 })', () => { throw data(null, { status: 401 }); }],
  ["throw redirect('/login')", () => { throw redirect('/login'); }],
  ['throw data(null, { status: 500 })', () => { throw data(null, { status: 500 }); }],
];

describe('React Router: a logout by hand whose revalidated root loader refuses the signed-out visitor', () => {
  for (const [how, refuse] of refusals) {
    it(`stays a logout when the root loader does ${how}`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storage = createCookieSessionStorage({ cookie });
      const handler = app(storage, refuse);
      const jar = new BrowserJar();
      await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
      assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: 'ada' });
      const out = await visit(jar, handler, '/account', { method: 'POST', body: new URLSearchParams() });
      assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: null },
        `logout answered ${out.status} with Set-Cookie: ${JSON.stringify(out.headers.getSetCookie().map((h) => h.slice(0, 50)))}`);
    });
  }
});

it('a server-side storage (memory) stays logged out: its record is deleted, and nothing more is sent', async () => {
  const { createMemorySessionStorage } = await import('edge-session');
  const storage = createMemorySessionStorage({ cookie });
  const handler = app(storage, () => { throw redirect('/login'); });
  const jar = new BrowserJar();
  await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
  await visit(jar, handler, '/account', { method: 'POST', body: new URLSearchParams() });
  assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: null });
});
