// Test Worker for tests/workerd/hostile-store.test.js: routes /<store>/<action> over sessions whose stored values a
// test writes by hand first (/raw/...), as another app, a hand edit in the dashboard or a leaked API token would.
// Stores: `kv` (Workers KV, userKey), `do` (Durable Objects, userKey), `cookie` (revocation: { kv }).
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  SessionDurableObject as LibraryObject,
  withSession,
} from 'edge-session';

/** The library's object, with a way for a test to write its storage as another version of the code would. */
export class SessionDurableObject extends LibraryObject {
  async putRaw(key, value) {
    await this.ctx.storage.put(key, value);
  }

  async getRaw(key) {
    return (await this.ctx.storage.get(key)) ?? null;
  }
}

async function userDigest(userId) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(userId)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const cookie = (name) => ({ name, secrets: ['hostile-store-secret-8c1d-0f5e9a2b7d4c6e1f'], maxAge: 3600 });
const FACTORIES = {
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookie('__kv'), kv: env.KV, userKey: 'userId' }),
  do: (env) => createDurableObjectSessionStorage({ cookie: cookie('__do'), namespace: env.SESSIONS_DO, userKey: 'userId' }),
  cookie: (env) => createCookieSessionStorage({ cookie: cookie('__c'), userKey: 'userId', revocation: { kv: env.KV } }),
};

const storages = new WeakMap(); // env -> { store name -> storage }
function storageFor(name, env) {
  let byName = storages.get(env);
  if (!byName) storages.set(env, (byName = {}));
  return (byName[name] ??= FACTORIES[name](env));
}

async function action(request, { session }, storage) {
  const url = new URL(request.url);
  const name = url.pathname.split('/')[2];
  const q = (key) => url.searchParams.get(key);
  const state = (extra = {}) =>
    Response.json({ user: session.destroyed ? null : (session.get('userId') ?? null), id: session.id, keys: session.destroyed ? [] : Object.keys(session.data ?? {}), count: session.destroyed ? null : (session.get('count') ?? null), ...extra });
  switch (name) {
    case 'login':
      session.set('userId', q('user'));
      return state();
    case 'me':
      return state();
    case 'incr':
      session.set('count', (session.get('count') ?? 0) + 1);
      return state();
    case 'logout':
      session.destroy();
      return state();
    case 'list':
      return Response.json(await storage.listUserSessions(q('user')));
    case 'revoke':
      return state({ ended: await storage.revokeUserSessions(q('user'), q('except') ? { except: session } : {}) });
    default:
      return Response.json({ error: 'not found' }, { status: 404 });
  }
}

const handlers = Object.fromEntries(
  Object.keys(FACTORIES).map((name) => [name, withSession((env) => storageFor(name, env), (request, context) => action(request, context, storageFor(name, context.env)))]),
);

/** Raw access to the stores: what another writer would put there. */
async function raw(request, env) {
  const url = new URL(request.url);
  const q = (key) => url.searchParams.get(key);
  const body = request.method === 'POST' ? await request.json() : {};
  switch (url.pathname.split('/')[2]) {
    case 'digest':
      return Response.json(await userDigest(q('user')));
    case 'kv-put':
      await env.KV.put(body.key, body.value, body.options ?? {});
      return Response.json(true);
    case 'kv-put-many': {
      // `count` keys `prefix + i`, `batch` at a time (the local KV takes any number of writes).
      for (let i = 0; i < body.count; i += body.batch) {
        const keys = [];
        for (let j = i; j < Math.min(body.count, i + body.batch); j++) keys.push(env.KV.put(`${body.prefix}${j}`, body.value ?? '', body.options ?? {}));
        await Promise.all(keys);
      }
      return Response.json(true);
    }
    case 'kv-get':
      return Response.json(await env.KV.getWithMetadata(q('key')));
    case 'kv-list':
      return Response.json((await env.KV.list({ prefix: q('prefix') })).keys);
    case 'do-put': {
      const stub = env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(body.name));
      await stub.putRaw(body.key, body.value);
      return Response.json(true);
    }
    case 'do-get': {
      const stub = env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(q('name')));
      return Response.json(await stub.getRaw(q('key')));
    }
    default:
      return Response.json({ error: 'not found' }, { status: 404 });
  }
}

export default {
  async fetch(request, env, ctx) {
    const store = new URL(request.url).pathname.split('/')[1];
    if (store === 'raw') return raw(request, env);
    const handler = handlers[store];
    return handler ? handler(request, env, ctx) : Response.json({ error: 'no such store' }, { status: 404 });
  },
};
