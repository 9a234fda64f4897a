// withSession serving a React Router app through sessionRouterContext (README "React Router", on Workers) with
// sessionMiddleware(storage) on the root route too, the same storage (for its csrf option, or left from a move to
// middleware): the mount finds withSession's session in sessionContext and uses it, as a child route's mount uses
// the root's. A second copy read from the Cookie header would not see what the Worker's code set on withSession's,
// and the two would be committed each on its own (the later Set-Cookie of one name wins in the browser).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware, sessionRouterContext } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const pair = (setCookie) => setCookie.split(';')[0];

function app(storage) {
  const handler = createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)] } },
    whoami: {
      id: 'whoami', parentId: 'root', path: 'whoami',
      module: { loader: ({ context }) => Response.json({ user: context.get(sessionContext).get('user') ?? null, via: context.get(sessionContext).get('via') ?? null }) },
    },
  }, { entry: () => new Response('no documents', { status: 500 }) }));
  const fetch = withSession(storage, (request, { session }) => {
    if (request.headers.has('X-Stamp')) session.set('via', 'worker'); // the Worker's own code, before React Router
    return handler(request, sessionRouterContext(session));
  });
  return (request) => fetch(request, {}, {});
}

describe("sessionMiddleware under withSession + sessionRouterContext, one storage: withSession's session is the one", () => {
  it("the loader sees what the Worker's code set before React Router ran, and it is committed once", async () => {
    const fetch = app(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } }));
    const response = await fetch(new Request('http://app.test/whoami', { headers: { 'X-Stamp': '1' } }));
    assert.deepEqual(await response.json(), { user: null, via: 'worker' });
    const cookies = response.headers.getSetCookie();
    assert.equal(cookies.length, 1, 'one session, one Set-Cookie');
    const again = await fetch(new Request('http://app.test/whoami', { headers: { Cookie: pair(cookies[0]) } }));
    assert.deepEqual(await again.json(), { user: null, via: 'worker' });
  });
});
