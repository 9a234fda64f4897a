import { createCookieSessionStorage, createDurableObjectSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
export { SessionDurableObject } from 'edge-session';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { sessionMiddleware } from 'edge-session/hono';

const cookie = (env) => ({ name: '__session', secrets: [env.SESSION_SECRET], maxAge: 3600 });
const MAKERS = {
  cookie: (env) => createCookieSessionStorage({ cookie: cookie(env), userKey: 'user', revocation: { kv: env.SESSION_KV } }),
  kv: (env) => createWorkersKVSessionStorage({ kv: env.SESSION_KV, cookie: cookie(env), userKey: 'user' }),
  do: (env) => createDurableObjectSessionStorage({ namespace: env.SESSION_DO, cookie: cookie(env), userKey: 'user' }),
};
const storages = new WeakMap();
const storageFor = (kind) => (env) => {
  let s = storages.get(env);
  if (!s) storages.set(env, (s = {}));
  return (s[kind] ??= MAKERS[kind](env));
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const enc = new TextEncoder();

/** A body written over `ms` after the handler returns; `late(session)` runs in it, its outcome written last. */
function streamed(session, ms, late) {
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  (async () => {
    await writer.write(enc.encode('open'));
    await sleep(ms);
    let outcome;
    try { outcome = `ok:${await late?.(session)}`; } catch (e) { outcome = `${e.name}:${e.code}`; }
    await writer.write(enc.encode(`|${outcome}`));
    await writer.close();
  })();
  return new Response(readable, { headers: { 'Content-Type': 'text/plain' } });
}

function handle(kind) {
  return async (request, { session, env }) => {
    const storage = storageFor(kind)(env);
    const url = new URL(request.url);
    const ms = Number(url.searchParams.get('ms') ?? 0);
    switch (url.pathname) {
      case '/in':
        session.set('user', url.searchParams.get('user') ?? 'ada');
        return new Response('in');
      case '/whoami':
        return new Response(`user=${session.get('user')}`);
      case '/sse':
        session.set('n', (session.get('n') ?? 0) + 1);
        return streamed(session, ms);
      case '/logout-streamed':
        session.destroy();
        return streamed(session, ms);
      case '/late-destroy-session':
        return streamed(session, ms, async (s) => (await storage.destroySession(s)) && 'header-unsent');
      default:
        return new Response('?', { status: 404 });
    }
  };
}

const plain = Object.fromEntries(Object.keys(MAKERS).map((kind) => [kind, withSession(storageFor(kind), handle(kind))]));
const hono = {};
for (const kind of Object.keys(MAKERS)) {
  const app = new Hono();
  app.use(sessionMiddleware(storageFor(kind)));
  app.get('/sse', (c) => {
    c.var.session.set('n', (c.var.session.get('n') ?? 0) + 1);
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ data: 'open' });
      await stream.sleep(Number(c.req.query('ms') ?? 0));
      await stream.writeSSE({ data: `n=${c.var.session.get('n')}` });
    });
  });
  app.all('*', (c) => handle(kind)(c.req.raw, { session: c.var.session, env: c.env }));
  hono[kind] = app;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const [, entry, kind, ...rest] = url.pathname.split('/');
    const inner = new Request(new URL(`/${rest.join('/')}${url.search}`, url), request);
    if (entry === 'plain') return plain[kind](inner, env, ctx);
    if (entry === 'hono') return hono[kind].fetch(inner, env, ctx);
    return new Response('?', { status: 404 });
  },
};
