// edge-session/react-router with the real react-router package's createRequestHandler, both ways:
// future.v8_middleware on (sessionMiddleware, or withSession + sessionRouterContext) and off (withSession's
// plain load context). A loader reads, an action flashes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, RouterContextProvider } from 'react-router';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware, sessionRouterContext } from 'edge-session/react-router';
import { loadCore } from '../../js/loader.js';

const secret = 's3cr3t';
const cookieStorage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret], httpOnly: true } });

/**
 * A minimal server build: a root route (with `rootMiddleware` when given) and one resource route whose loader
 * and action get the session through `sessionOf(context)`.
 */
function build({ middleware, rootMiddleware, sessionOf }) {
  return {
    mode: 'production',
    entry: { module: { default: () => new Response('no documents here', { status: 500 }) } },
    routes: {
      root: { id: 'root', path: '', module: rootMiddleware ? { middleware: rootMiddleware } : {} },
      'routes/notice': {
        id: 'routes/notice',
        parentId: 'root',
        path: 'notice',
        module: {
          loader: ({ context }) => {
            const session = sessionOf(context);
            return Response.json({ notice: session.getFlash('notice') ?? null, visits: session.get('visits') ?? 0 });
          },
          action: async ({ request, context }) => {
            const session = sessionOf(context);
            const form = await request.formData();
            session.flash('notice', form.get('notice'));
            session.set('visits', (session.get('visits') ?? 0) + 1);
            return new Response(null, { status: 303, headers: { Location: '/notice' } });
          },
        },
      },
      'routes/logout': {
        id: 'routes/logout',
        parentId: 'root',
        path: 'logout',
        module: {
          action: ({ context }) => {
            sessionOf(context).destroy();
            return new Response(null, { status: 303, headers: { Location: '/notice' } });
          },
        },
      },
    },
    assets: { entry: { module: '/entry.js', imports: [] }, routes: {}, url: '/manifest.js', version: '1' },
    publicPath: '/',
    assetsBuildDirectory: '/tmp',
    future: { v8_middleware: middleware },
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: 'initial' },
  };
}

const sessionCookie = (response) => response.headers.getSetCookie().find((value) => value.startsWith('__session='))?.split(';')[0];

/** Post a notice, show it once, see it gone; `fetch(request)` is the app. */
async function postRedirectGet(fetch) {
  const posted = await fetch(new Request('http://app.test/notice', { method: 'POST', body: new URLSearchParams({ notice: 'Saved!' }) }));
  assert.equal(posted.status, 303);
  let cookie = sessionCookie(posted);
  assert.ok(cookie, 'the action was committed');

  const shown = await fetch(new Request('http://app.test/notice', { headers: { Cookie: cookie } }));
  assert.deepEqual(await shown.json(), { notice: 'Saved!', visits: 1 });
  cookie = sessionCookie(shown);
  assert.ok(cookie, 'the flash that arrived is cleared by a commit');

  const again = await fetch(new Request('http://app.test/notice', { headers: { Cookie: cookie } }));
  assert.deepEqual(await again.json(), { notice: null, visits: 1 });
  assert.equal(again.headers.get('Set-Cookie'), null, 'a read-only request writes nothing');
  return cookie;
}

describe('React Router with future.v8_middleware', () => {
  it('sessionMiddleware: a loader reads context.get(sessionContext), an action flashes', async () => {
    const handler = createRequestHandler(
      build({ middleware: true, rootMiddleware: [sessionMiddleware(cookieStorage())], sessionOf: (context) => context.get(sessionContext) }),
    );
    await postRedirectGet((request) => handler(request));
    // A RouterContextProvider of the app's own (e.g. holding the Workers env) works the same.
    await postRedirectGet((request) => handler(request, new RouterContextProvider()));
  });

  it('sessionMiddleware expires the cookie of a destroyed session and frees every session', async () => {
    const core = await loadCore();
    const live = core.liveSessionCount();
    const handler = createRequestHandler(
      build({ middleware: true, rootMiddleware: [sessionMiddleware(cookieStorage())], sessionOf: (context) => context.get(sessionContext) }),
    );
    const cookie = await postRedirectGet((request) => handler(request));
    const out = await handler(new Request('http://app.test/logout', { method: 'POST', headers: { Cookie: cookie } }));
    assert.equal(out.status, 303);
    assert.match(out.headers.get('Set-Cookie'), /^__session=; Max-Age=0/);
    assert.equal(core.liveSessionCount(), live);
  });

  it('sessionMiddleware takes a function of the middleware arguments', async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: [secret] } });
    const seen = [];
    const handler = createRequestHandler(
      build({
        middleware: true,
        rootMiddleware: [sessionMiddleware(({ request }) => (seen.push(new URL(request.url).pathname), storage))],
        sessionOf: (context) => context.get(sessionContext),
      }),
    );
    await postRedirectGet((request) => handler(request));
    assert.deepEqual(seen, ['/notice', '/notice', '/notice']);
  });

  it('sessionMiddleware answers 500 when the storage fails to read, without running the loader', async (t) => {
    t.mock.method(console, 'error', () => {});
    let ran = false;
    const storage = createSessionStorage({
      cookie: createCookie('__session', { secrets: [secret] }),
      createData: async () => 'id',
      readData: async () => {
        throw new Error('database down');
      },
      updateData: async () => {},
      deleteData: async () => {},
    });
    const handler = createRequestHandler(
      build({ middleware: true, rootMiddleware: [sessionMiddleware(storage)], sessionOf: (context) => ((ran = true), context.get(sessionContext)) }),
    );
    const idCookie = (await createCookie('__session', { secrets: [secret] }).serialize('some-id')).split(';')[0];
    const response = await handler(new Request('http://app.test/notice', { headers: { Cookie: idCookie } }));
    assert.equal(response.status, 500);
    assert.match(await response.text(), /session could not be read/);
    assert.equal(ran, false);
  });

  it("refuses withSession's plain context (the issue's 500), and takes it through sessionRouterContext", async (t) => {
    t.mock.method(console, 'error', () => {});
    const handler = createRequestHandler(build({ middleware: true, sessionOf: (context) => context.get(sessionContext) }));
    const plain = withSession(cookieStorage(), (request, context) => handler(request, context));
    const refused = await plain(new Request('http://app.test/notice'), {}, {});
    assert.equal(refused.status, 500);

    const fetch = withSession(cookieStorage(), (request, { session }) => handler(request, sessionRouterContext(session)));
    await postRedirectGet((request) => fetch(request, {}, {}));
  });
});

describe('React Router without middleware', () => {
  it("withSession's { session, env, ctx } is the load context: a loader reads context.session, an action flashes", async () => {
    const handler = createRequestHandler(build({ middleware: false, sessionOf: (context) => context.session }));
    const fetch = withSession(cookieStorage(), (request, context) => handler(request, context));
    await postRedirectGet((request) => fetch(request, {}, {}));
  });
});
