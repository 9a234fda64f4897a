// Test Worker for tests/workerd/kv-hung-write.test.js. The real local KV binding, wrapped: after /arm?prefix=P, the
// next put of a key starting with P never settles (workerd then cancels its request as hung). Sessions on KV
// through withSession and the Hono middleware, and cookie sessions with revocation through that KV (also for
// "sign out of my other devices": /cookie/others).
import { Hono } from 'hono';
import { createCookieSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

let armed = null; // the prefix of the next put to hang
const wrapped = new WeakMap();
function hanging(kv) {
  if (!wrapped.has(kv)) {
    wrapped.set(kv, {
      get: (...args) => kv.get(...args),
      getWithMetadata: (...args) => kv.getWithMetadata(...args),
      list: (...args) => kv.list(...args),
      delete: (...args) => kv.delete(...args),
      async put(key, ...rest) {
        if (armed !== null && key.startsWith(armed)) {
          armed = null;
          await new Promise(() => {});
        }
        return kv.put(key, ...rest);
      },
    });
  }
  return wrapped.get(kv);
}

const cookie = (env) => ({ name: '__session', secrets: [env.SESSION_SECRET], maxAge: 3600 });
const kvStorage = (env) => createWorkersKVSessionStorage({ cookie: cookie(env), kv: hanging(env.KV) });
const storages = new WeakMap();
function revocableStorage(env) {
  if (!storages.has(env)) storages.set(env, createCookieSessionStorage({ cookie: cookie(env), userKey: 'user', revocation: { kv: hanging(env.KV) } }));
  return storages.get(env);
}

async function route(request, { session, env }) {
  const action = new URL(request.url).pathname.split('/').pop();
  if (action === 'others') return Response.json({ ended: await revocableStorage(env).revokeUserSessions(session.get('user'), { except: session }) });
  if (action === 'login') session.set('user', new URL(request.url).searchParams.get('user'));
  if (action === 'inc') session.set('n', (session.get('n') ?? 0) + 1);
  if (action === 'logout') session.destroy();
  return Response.json({ user: session.get('user') ?? null, n: session.get('n') ?? 0 });
}

const kvFetch = withSession(kvStorage, route);
const cookieFetch = withSession(revocableStorage, route);
const hono = new Hono();
hono.use('/hono/*', sessionMiddleware(kvStorage));
hono.all('/hono/*', (c) => route(c.req.raw, { session: c.var.session }));

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/arm') {
      armed = url.searchParams.get('prefix');
      return new Response('armed');
    }
    if (url.pathname.startsWith('/kv/')) return kvFetch(request, env, ctx);
    if (url.pathname.startsWith('/hono/')) return hono.fetch(request, env, ctx);
    if (url.pathname.startsWith('/cookie/')) return cookieFetch(request, env, ctx);
    if (url.pathname === '/revoke') {
      return Response.json({ count: await revocableStorage(env).revokeUserSessions(url.searchParams.get('user')) });
    }
    return new Response('not found', { status: 404 });
  },
};
