// README "React Router": withSession serves the app and hands React Router the RouterContextProvider it requires,
// sessionRouterContext(session, context?), whose `context` is "one you made (with your own values), else a new one"
// (js/react-router.js, react-router.d.ts). A loader reads both the app's own value (the Cloudflare template's env
// and ctx) and the session from the provider given, and the session's change is committed by withSession.
// Mutation pass (s47): sessionRouterContext making a new provider whatever it was given went unnoticed; the app's
// own values were gone, and every loader that read them failed with a 500.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, createRequestHandler, RouterContextProvider } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionRouterContext } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const cloudflareContext = createContext();

it("sessionRouterContext(session, context) puts the session in the app's own provider, its values kept", async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
  const handler = createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: {} },
    visit: {
      id: 'visit', parentId: 'root', path: 'visit',
      module: {
        loader: ({ context }) => {
          const session = context.get(sessionContext);
          session.set('visits', (session.get('visits') ?? 0) + 1);
          return Response.json({ region: context.get(cloudflareContext).env.REGION, visits: session.get('visits') });
        },
      },
    },
  }, { entry: () => new Response('no documents', { status: 500 }) }));
  const fetch = withSession(storage, (request, { session, env, ctx }) => {
    const own = new RouterContextProvider();
    own.set(cloudflareContext, { env, ctx });
    const context = sessionRouterContext(session, own);
    assert.equal(context, own, 'the provider given is the one returned');
    return handler(request, context);
  });
  const env = { REGION: 'eu' };
  const first = await fetch(new Request('http://app.test/visit'), env, {});
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { region: 'eu', visits: 1 });
  const cookie = first.headers.getSetCookie().find((value) => value.startsWith('__session='))?.split(';')[0];
  assert.ok(cookie, "withSession committed the loader's change");
  const second = await fetch(new Request('http://app.test/visit', { headers: { Cookie: cookie } }), env, {});
  assert.deepEqual(await second.json(), { region: 'eu', visits: 2 });
});
