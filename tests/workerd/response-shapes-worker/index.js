import { createCookieSessionStorage, createDurableObjectSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
export { SessionDurableObject } from 'edge-session';
import { upgradeWebSocket } from 'hono/cloudflare-workers';
import { Hono } from 'hono';
import { sessionMiddleware } from 'edge-session/hono';

const storages = new WeakMap();
const MAKERS = {
  cookie: (env) => createCookieSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET], maxAge: 3600 } }),
  kv: (env) => createWorkersKVSessionStorage({ kv: env.SESSION_KV, cookie: { name: '__session', secrets: [env.SESSION_SECRET], maxAge: 3600 } }),
  do: (env) => createDurableObjectSessionStorage({ namespace: env.SESSION_DO, cookie: { name: '__session', secrets: [env.SESSION_SECRET], maxAge: 3600 } }),
};
const storageFor = (kind) => (env) => {
  let s = storages.get(env);
  if (!s) storages.set(env, (s = {}));
  return (s[kind] ??= MAKERS[kind](env));
};
const storageOf = storageFor('cookie');

async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
const TEXT = 'precompressed asset '.repeat(200);

async function shapes(request, { session, ctx }) {
  const url = new URL(request.url);
  const touch = url.searchParams.has('touch');
  if (touch) session.set('n', (session.get('n') ?? 0) + 1);
  switch (url.pathname) {
    case '/manual-gzip':
      return new Response(await gzip(TEXT), { headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' }, encodeBody: 'manual' });
    case '/redirect':
      return Response.redirect(new URL('/x', request.url).href, 303);
    case '/stream': {
      const { readable, writable } = new TransformStream();
      const writer = writable.getWriter();
      const enc = new TextEncoder();
      ctx.waitUntil((async () => {
        await writer.write(enc.encode('a'));
        await new Promise((r) => setTimeout(r, 200));
        let result = 'late-set-ok';
        try { session.set('late', 1); } catch (e) { result = `late-set-${e.code}`; }
        await writer.write(enc.encode(`|${result}|n=${session.get('n')}`));
        await writer.close();
      })());
      return new Response(readable);
    }
    case '/cache': {
      const cache = caches.default;
      const key = new Request(new URL('/cached-item', request.url));
      let hit = await cache.match(key);
      if (!hit) {
        await cache.put(key, new Response('cached body', { headers: { 'Cache-Control': 'public, max-age=600', 'Content-Type': 'text/plain' } }));
        hit = await cache.match(key);
      }
      return hit ?? new Response('no cache');
    }
    case '/fetch': {
      return fetch(url.searchParams.get('origin'));
    }
    case '/304':
      return new Response(null, { status: 304, headers: { ETag: '"x"', 'Cache-Control': 'max-age=60' } });
    case '/204':
      return new Response(null, { status: 204, headers: { 'X-A': '1' } });
    case '/length':
      return new Response('0123456789', { headers: { 'Content-Length': '10' } });
    case '/error':
      return Response.error();
    default:
      return new Response(`n=${session.get('n')}`);
  }
}

const plain = withSession(storageOf, shapes);
const byKind = { kv: withSession(storageFor('kv'), shapes), do: withSession(storageFor('do'), shapes) };
const app = new Hono();
app.use(sessionMiddleware(storageOf));
app.get('/ws', upgradeWebSocket((c) => {
  const session = c.get('session');
  session.set('n', (session.get('n') ?? 0) + 1);
  return { onMessage(event, ws) { ws.send(`${event.data} ${session.get('n')}`); } };
}));
// A logout made on a WebSocket handshake: the 101 carries the expiring cookie.
app.get('/ws-logout', upgradeWebSocket((c) => {
  c.get('session').destroy();
  return { onMessage(event, ws) { ws.send(`${event.data} signed out`); } };
}));
app.all('*', (c) => shapes(c.req.raw, { session: c.get('session'), ctx: c.executionCtx }));

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/hono')) {
      const inner = new Request(new URL(url.pathname.slice(5) + url.search, url), request);
      return app.fetch(inner, env, ctx);
    }
    for (const kind of ['kv', 'do']) {
      if (url.pathname.startsWith(`/${kind}/`)) return byKind[kind](new Request(new URL(url.pathname.slice(kind.length + 1) + url.search, url), request), env, ctx);
    }
    try {
      return await plain(request, env, ctx);
    } catch (error) {
      return new Response(`threw ${error?.constructor?.name}: ${error?.message}`, { status: 599 });
    }
  },
};
