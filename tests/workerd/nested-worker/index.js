// Test Worker for tests/workerd/nested-sessions.test.js: a withSession handler that hands the request on to
// another withSession-wrapped fetch of the same storage, with its env and ctx. Run twice: wrangler.toml (no
// nodejs_compat: the join trusts the ExecutionContext) and wrangler.compat.toml (nodejs_compat: AsyncLocalStorage
// also confirms the inner call runs inside the outer handler). Routes, for <store> in cookie, kv, do:
//   GET  /<store>/             the session's `outer` and `inner` counts
//   POST /<store>/nested       the outer handler counts `outer`, then the inner fetch counts `inner` and answers
//   POST /<store>/unawaited    the outer counts `outer` and answers without awaiting an inner fetch that counts `inner`
//   POST /<store>/late         the outer answers at once; in ctx.waitUntil an inner fetch pauses 300 ms (the outer has
//                              written the session), then calls a third withSession fetch that counts `late`
//   POST /<store>/hono         the outer withSession counts `outer`, then a Hono app with sessionMiddleware counts `inner`
//   POST /<store>/mount/count  a Hono app with sessionMiddleware counts `outer`, then app.mount()s a withSession
//                              fetch that counts `inner`
//   GET  /runtime              whether this Worker has process.getBuiltinModule (what the compat run is for)
import { Hono } from 'hono';
import { createCookieSessionStorage, createDurableObjectSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

export { SessionDurableObject } from 'edge-session';

const cookie = (env) => ({ name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 3600 });
const STORAGES = {
  cookie: (env) => createCookieSessionStorage({ cookie: cookie(env) }),
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookie(env), kv: env.SESSIONS_KV }),
  do: (env) => createDurableObjectSessionStorage({ cookie: cookie(env), namespace: env.SESSIONS_DO }),
};
const json = (value) => new Response(JSON.stringify(value), { headers: { 'Content-Type': 'application/json' } });
const counts = (session) => ({ outer: session.get('outer') ?? 0, inner: session.get('inner') ?? 0, late: session.get('late') ?? 0 });
const bump = (session, key) => session.set(key, (session.get(key) ?? 0) + 1);

function app(store, storageFor) {
  const inner = withSession(storageFor, async (request, { session }) => {
    bump(session, 'inner');
    return json(counts(session));
  });
  const third = withSession(storageFor, async (request, { session }) => {
    bump(session, 'late');
    return json(counts(session));
  });
  const pausing = withSession(storageFor, async (request, { env, ctx }) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return third(request, env, ctx);
  });
  const innerHono = new Hono().use(sessionMiddleware(storageFor)).post('*', (c) => {
    bump(c.var.session, 'inner');
    return c.json(counts(c.var.session));
  });
  const mounting = new Hono().use(sessionMiddleware(storageFor));
  mounting.use(async (c, next) => {
    bump(c.var.session, 'outer');
    await next();
  });
  mounting.mount(`/${store}/mount`, inner);
  const outer = withSession(storageFor, async (request, { session, env, ctx }) => {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET') return json(counts(session));
    bump(session, 'outer');
    if (pathname.endsWith('/nested')) return inner(request, env, ctx);
    if (pathname.endsWith('/hono')) return innerHono.fetch(request, env, ctx);
    if (pathname.endsWith('/late')) {
      ctx.waitUntil(pausing(request, env, ctx));
      return json(counts(session));
    }
    const answer = inner(request, env, ctx); // not awaited: its change, made at once, is the outer's to commit
    ctx.waitUntil(answer);
    return json(counts(session));
  });
  return (request, env, ctx) => (new URL(request.url).pathname.includes('/mount/') ? mounting.fetch(request, env, ctx) : outer(request, env, ctx));
}
const apps = Object.fromEntries(Object.entries(STORAGES).map(([store, storageFor]) => [store, app(store, storageFor)]));

export default {
  fetch(request, env, ctx) {
    const [, store] = new URL(request.url).pathname.split('/');
    if (store === 'runtime') return json({ getBuiltinModule: typeof globalThis.process?.getBuiltinModule === 'function' });
    return Object.hasOwn(apps, store) ? apps[store](request, env, ctx) : new Response('not found', { status: 404 });
  },
};
