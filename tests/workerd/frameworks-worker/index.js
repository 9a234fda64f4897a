// Test Worker for tests/workerd/frameworks.test.js. Routes:
//   /hono/<store>/...   a Hono app with edge-session/hono        stores: cookie, kv, do
//   /remix/<store>/...  @remix-run/fetch-router + session-middleware over our storages' read/save
//                                                                  stores: cookie, memory, kv, do
//   /remix-released/do/...  the same, with the README's middleware after session() that disposes of the
//                       session when the handler throws
//   /rr/...             React Router's createRequestHandler with future.v8_middleware and edge-session/react-router
//   /csrf/ws/...        withSession(..., { csrf: { maxBodyBytes: 4096 } }): what a handler reads of a form after the check
//   /csrf/hono/...      the same through edge-session/hono
//   /csrf/remix/...     the same through edge-session/remix's csrf(), after Remix's session middleware
//   /csrf/off/...       the same handler without csrf: what it reads of a body nothing read before
//   /ws/<store>         withSession over a WebSocket upgrade (101): counts, and the socket reads the session
//                                                                  stores: cookie, memory, kv, do (and /hono/<store>/ws)
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session as RemixSession } from '@remix-run/session';
import { session as remixSessionMiddleware } from '@remix-run/session-middleware';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { createContext, createRequestHandler, RouterContextProvider } from 'react-router';
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createMemorySessionStorage,
  createWorkersKVSessionStorage,
  csrfToken,
  flashSuccess,
  withSession,
  getFlashMessages,
} from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as routerSession } from 'edge-session/react-router';
import { csrf } from 'edge-session/remix';
import { reactRouterBuild } from '../../helpers/react-router-build.js';

export { SessionDurableObject } from 'edge-session';

const HOUR = 3600;
const cookieOptions = (env) => ({ name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: HOUR });
const STORAGES = {
  cookie: (env) => createCookieSessionStorage({ cookie: cookieOptions(env) }),
  memory: (env) => createMemorySessionStorage({ cookie: cookieOptions(env) }),
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookieOptions(env), kv: env.SESSIONS_KV }),
  do: (env) => createDurableObjectSessionStorage({ cookie: cookieOptions(env), namespace: env.SESSIONS_DO }),
};

/** One storage per store and env, as the middleware's own cache does. */
const storages = new WeakMap();
function storageFor(store, env) {
  let byStore = storages.get(env);
  if (!byStore) storages.set(env, (byStore = {}));
  return (byStore[store] ??= STORAGES[store](env));
}

// ---- Hono ----------------------------------------------------------------------------------------------
function honoApp(store) {
  const app = new Hono({ strict: false }).basePath(`/hono/${store}`);
  // Another middleware's cookies, set before next() (hono/cookie) and appended after it.
  app.use(async (c, next) => {
    setCookie(c, 'before', '1');
    await next();
    c.header('Set-Cookie', 'after=1; Path=/', { append: true });
  });
  app.use(honoSession(STORAGES[store]));
  const state = (c) => ({
    id: c.var.session.id,
    count: c.var.session.get('count') ?? 0,
    user: c.var.session.get('user') ?? null,
    messages: getFlashMessages(c.var.session),
  });
  app.get('/', (c) => c.json(state(c)));
  app.post('/count', (c) => {
    c.var.session.set('count', (c.var.session.get('count') ?? 0) + 1);
    return c.json(state(c));
  });
  app.post('/flash', (c) => {
    flashSuccess(c.var.session, 'Saved!');
    return c.redirect(`/hono/${store}/`, 303);
  });
  app.post('/login', (c) => {
    c.var.session.regenerateId(true);
    c.var.session.set('user', 'ada');
    return c.redirect(`/hono/${store}/`, 303);
  });
  app.post('/logout', (c) => {
    c.var.session.destroy();
    return c.redirect(`/hono/${store}/`, 303);
  });
  app.get('/ws', (c) => countedUpgrade(c.var.session));
  // A sub-app with its own middleware under app.mount(): a Request and a Context of its own, the same executionCtx.
  const mounted = new Hono({ strict: false });
  mounted.use(honoSession(STORAGES[store]));
  mounted.post('/count', (c) => {
    c.var.session.set('count', (c.var.session.get('count') ?? 0) + 1);
    return c.json(state(c));
  });
  mounted.get('/', (c) => c.json(state(c)));
  app.mount('/mounted', mounted.fetch);
  return app;
}
const honoApps = { cookie: honoApp('cookie'), kv: honoApp('kv'), do: honoApp('do') };

// ---- WebSocket upgrades ---------------------------------------------------------------------------------
/**
 * Counts the visit and answers a WebSocket upgrade (101 with its socket): the response withSession or a middleware
 * adds the session's Set-Cookie to. The socket answers each message with the count it reads from the session after
 * the request has ended.
 */
function countedUpgrade(session) {
  session.set('count', (session.get('count') ?? 0) + 1);
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener('message', (event) => server.send(`${event.data} ${session.get('count')}`));
  return new Response(null, { status: 101, webSocket: client });
}
const upgrades = Object.fromEntries(Object.keys(STORAGES).map((store) => [store, withSession((env) => storageFor(store, env), (request, { session }) => countedUpgrade(session))]));

// ---- Remix v3 ------------------------------------------------------------------------------------------
/** The README's (Remix v3): a handler that throws is never saved; this gives its lease and memory back at once. */
async function disposeOnThrow(context, next) {
  try {
    return await next();
  } catch (error) {
    context.get(RemixSession).dispose();
    throw error;
  }
}

function remixRouter(store, env, { prefix = 'remix', middleware = [] } = {}) {
  const cookie = createCookie('__session', { secrets: [env.SESSION_SECRET], httpOnly: true, sameSite: 'lax' });
  const router = createRouter({ middleware: [remixSessionMiddleware(cookie, storageFor(store, env)), ...middleware] });
  const base = `/${prefix}/${store}`;
  router.get(`${base}/`, ({ get }) => {
    const session = get(RemixSession);
    session.set('count', Number(session.get('count') ?? 0) + 1);
    return new Response(`Count: ${session.get('count')} ${session.get('notice') ?? ''}`.trim());
  });
  router.post(`${base}/flash`, ({ get }) => {
    get(RemixSession).flash('notice', 'Saved!');
    return new Response(null, { status: 303, headers: { Location: `${base}/` } });
  });
  // Holds the session for ?ms= before changing it (a slow handler overlapping another request of the session).
  router.post(`${base}/slow`, async ({ get, url }) => {
    await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms'))));
    const session = get(RemixSession);
    session.set('count', Number(session.get('count') ?? 0) + 1);
    return new Response(`Count: ${session.get('count')}`);
  });
  router.post(`${base}/logout`, ({ get }) => {
    get(RemixSession).destroy();
    return new Response(null, { status: 303, headers: { Location: `${base}/` } });
  });
  // Changes the session, then fails: Remix's middleware saves nothing.
  router.post(`${base}/fail`, ({ get }) => {
    get(RemixSession).set('count', 1000);
    throw new Error('the handler failed');
  });
  return router;
}
const remixReleasedRouters = new WeakMap();
function remixReleasedFor(env) {
  if (!remixReleasedRouters.has(env)) remixReleasedRouters.set(env, remixRouter('do', env, { prefix: 'remix-released', middleware: [disposeOnThrow] }));
  return remixReleasedRouters.get(env);
}
const remixRouters = new WeakMap();
function remixRouterFor(store, env) {
  let byStore = remixRouters.get(env);
  if (!byStore) remixRouters.set(env, (byStore = {}));
  return (byStore[store] ??= remixRouter(store, env));
}

// ---- React Router --------------------------------------------------------------------------------------
/** The Worker's env in React Router's context, as the Cloudflare template does. */
const envContext = createContext();
/** React Router's request handler for an app whose notice route is at `${prefix}/notice`, on the `store` storage. */
function routerHandler(store, prefix) {
  const build = reactRouterBuild(
    {
      root: {
        id: 'root',
        path: '',
        module: { middleware: [routerSession(({ context }) => storageFor(store, context.get(envContext)))] },
      },
      'routes/notice': {
        id: 'routes/notice',
        parentId: 'root',
        path: `${prefix}/notice`,
        module: {
          loader: ({ context }) => {
            const session = context.get(sessionContext);
            return Response.json({ notice: session.getFlash('notice') ?? null, visits: session.get('visits') ?? 0 });
          },
          action: async ({ request, context }) => {
            const session = context.get(sessionContext);
            session.flash('notice', (await request.formData()).get('notice'));
            session.set('visits', (session.get('visits') ?? 0) + 1);
            return new Response(null, { status: 303, headers: { Location: `/${prefix}/notice` } });
          },
        },
      },
    },
    { entry: () => new Response('no documents here', { status: 500 }) },
  );
  return createRequestHandler(build, 'production');
}
/** /rr/notice on the cookie storage, /rr/do/notice on Durable Objects (whose lease each request gives back). */
const routerHandlers = { cookie: routerHandler('cookie', 'rr'), do: routerHandler('do', 'rr/do') };

// ---- csrf: the body a handler reads after the check read it (issue 14) -----------------------------------------
const CSRF = { maxBodyBytes: 4096 };

/** A form's entries as JSON: strings as they are, files as their name, type, size and text. */
async function describeForm(form) {
  const entries = [];
  for (const [name, value] of form) {
    entries.push([name, typeof value === 'string' ? value : { file: value.name, type: value.type, size: value.size, text: await value.text() }]);
  }
  return entries;
}

/** The outcome of `read` (a function): what it gave, or the name of what it threw. */
async function outcomeOf(read) {
  try {
    const value = await read();
    return typeof value === 'string' ? value : 'read';
  } catch (error) {
    return error.name;
  }
}

/** What the handler reads of the request at `action`: its form, its text, its stream, a native copy of it, what
 * else it was received with (meta), or what its reads give with a reader holding its stream (locked) or its stream
 * after a read (restream). */
async function readBack(action, request) {
  if (action === 'locked') {
    const reader = request.body.getReader();
    const used = request.bodyUsed;
    const [text, clone] = [await outcomeOf(() => request.text()), await outcomeOf(() => request.clone())];
    return { used, text, clone, streamed: await new Response(new ReadableStream({ pull: async (c) => { const { done, value } = await reader.read(); if (done) c.close(); else c.enqueue(value); } })).text() };
  }
  if (action === 'restream') {
    await request.text();
    return { used: request.bodyUsed, locked: request.body.locked, streamed: await outcomeOf(() => new Response(request.body).text()) };
  }
  if (action === 'form') return describeForm(await request.formData());
  if (action === 'text') return request.text();
  if (action === 'stream') return new Response(request.body).text();
  if (action === 'copy') return new Request(request).text(); // the runtime's own copy, as fetch(request) reads it
  if (action === 'meta') {
    // What the runtime received, beside the body: the check's Request must show the same (its cf is workerd's).
    const copy = request.clone();
    return { cf: request.cf ?? null, copyCf: copy.cf ?? null, method: request.method, redirect: request.redirect, aborted: request.signal.aborted, headers: [...request.headers], copyText: await copy.text() };
  }
  return null;
}

async function csrfHandler(request, { session }) {
  if (request.method === 'GET') return new Response(csrfToken(session));
  return Response.json({ read: await readBack(new URL(request.url).pathname.split('/')[3], request) });
}
const csrfWithSession = withSession((env) => STORAGES.cookie(env), csrfHandler, { csrf: CSRF });
const csrfOff = withSession((env) => STORAGES.cookie(env), csrfHandler); // what the handler reads without the check

const csrfHono = new Hono({ strict: false }).basePath('/csrf/hono');
csrfHono.use(honoSession(STORAGES.cookie, { csrf: CSRF }));
csrfHono.get('/', (c) => c.text(csrfToken(c.var.session)));
csrfHono.post('/parsed', async (c) => c.json({ read: Object.entries(await c.req.parseBody()) }));
csrfHono.post('/:action', async (c) => c.json({ read: await readBack(c.req.param('action'), c.req.raw) }));

const csrfRemixRouters = new WeakMap();
function csrfRemixFor(env) {
  let router = csrfRemixRouters.get(env);
  if (router) return router;
  const cookie = createCookie('__session', { secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: HOUR });
  router = createRouter({ middleware: [remixSessionMiddleware(cookie, storageFor('cookie', env)), csrf(CSRF)] });
  router.get('/csrf/remix/', ({ get }) => new Response(csrfToken(get(RemixSession))));
  router.post('/csrf/remix/:action', async ({ params, request }) => Response.json({ read: await readBack(params.action, request) }));
  csrfRemixRouters.set(env, router);
  return router;
}

export default {
  async fetch(request, env, ctx) {
    const [, framework, store] = new URL(request.url).pathname.split('/');
    if (framework === 'ws' && Object.hasOwn(upgrades, store)) return upgrades[store](request, env, ctx);
    if (framework === 'csrf' && store === 'ws') return csrfWithSession(request, env, ctx);
    if (framework === 'csrf' && store === 'off') return csrfOff(request, env, ctx);
    if (framework === 'csrf' && store === 'hono') return csrfHono.fetch(request, env, ctx);
    if (framework === 'csrf' && store === 'remix') return csrfRemixFor(env).fetch(request);
    if (framework === 'hono' && Object.hasOwn(honoApps, store)) return honoApps[store].fetch(request, env, ctx);
    if (framework === 'remix' && Object.hasOwn(STORAGES, store)) return remixRouterFor(store, env).fetch(request);
    if (framework === 'remix-released' && store === 'do') return remixReleasedFor(env).fetch(request);
    if (framework === 'rr') {
      const context = new RouterContextProvider();
      context.set(envContext, env);
      return (store === 'do' ? routerHandlers.do : routerHandlers.cookie)(request, context);
    }
    return new Response('not found', { status: 404 });
  },
};
