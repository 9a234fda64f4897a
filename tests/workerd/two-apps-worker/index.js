// Two apps in one Worker over the same bindings (tests/workerd/two-apps-one-binding.test.js): /<store>/admin/... and
// /<store>/shop/..., each a withSession app with its own cookie name, secret and userKey. User IDs are each app's
// own (admin "1" and customer "1" are two people), so each app names its users' records with its own keyPrefix. `store`: do (Durable Object storages over one namespace), kv (KV
// storages over one namespace, default keyPrefix), cookie-kv / cookie-do (cookie storages whose revocation option
// names the same binding). /<store>/acme/... and /<store>/globex/...: two tenants of one code (one cookie name and secret).
// /<store>/<app>/move?to=<app>: the request's session read through the one app's storage and committed by hand through
// the other's (an app moving its sessions to another keyPrefix). /<store>/<app>/count?hold=<key> waits, its change
// made, at the gate /gate/reached?key= tells of and /gate/open?key= opens, then commits.
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  withSession,
} from 'edge-session';

export { SessionDurableObject } from 'edge-session';

const TENANT_COOKIE = { name: '__session', secrets: ['one-secret-of-the-worker-0123456789'], httpOnly: true };

// Each app's own keyPrefix: the names of its users' records in the shared bindings (README, Signing out everywhere).
const APPS = {
  admin: { cookie: { name: '__admin', secrets: ['admin-secret-0123456789abcdef0123'], httpOnly: true }, userKey: 'adminId', keyPrefix: 'admin:' },
  shop: { cookie: { name: '__shop', secrets: ['shop-secret-0123456789abcdef01234'], httpOnly: true }, userKey: 'customerId', keyPrefix: 'shop:' },
  // Two tenants of one code: one cookie name and secret, each its own keyPrefix (README: the prefix keeps them apart).
  acme: { cookie: TENANT_COOKIE, userKey: 'userId', keyPrefix: 'acme:' },
  globex: { cookie: TENANT_COOKIE, userKey: 'userId', keyPrefix: 'globex:' },
};

function storageOf(store, app, env) {
  const { cookie, userKey, keyPrefix } = APPS[app];
  if (store === 'do') return createDurableObjectSessionStorage({ cookie, userKey, keyPrefix, namespace: env.SESSIONS_DO });
  if (store === 'kv') return createWorkersKVSessionStorage({ cookie, userKey, keyPrefix, kv: env.SESSIONS_KV });
  if (store === 'cookie-kv') return createCookieSessionStorage({ cookie, userKey, revocation: { kv: env.SESSIONS_KV, keyPrefix } });
  if (store === 'cookie-do') return createCookieSessionStorage({ cookie, userKey, revocation: { namespace: env.SESSIONS_DO, keyPrefix } });
  throw new Error(`no store ${store}`);
}

const storages = new Map(); // `${store}/${app}` -> WeakMap(env -> its storage)
function storageFor(store, app, env) {
  const key = `${store}/${app}`;
  if (!storages.has(key)) storages.set(key, new WeakMap());
  const byEnv = storages.get(key);
  if (!byEnv.has(env)) byEnv.set(env, storageOf(store, app, env));
  return byEnv.get(env);
}

// Polled, not awaited: workerd cancels as hung a request waiting only on a promise another request settles.
const gates = new Map(); // key -> { reached, opened }
const gateOf = (key) => {
  if (!gates.has(key)) gates.set(key, { reached: false, opened: false });
  return gates.get(key);
};
async function until(done) {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Reads the request's session through `from`'s storage and commits it through `to`'s: its Set-Cookie. */
async function move(request, env, store, from, to) {
  const session = await storageFor(store, from, env).getSession(request.headers.get('Cookie'));
  try {
    return Response.json({ setCookie: await storageFor(store, to, env).commitSession(session) });
  } finally {
    session.dispose();
  }
}

const handlers = new Map();
function handlerOf(store, app) {
  const key = `${store}/${app}`;
  if (!handlers.has(key)) {
    const storageOfEnv = (env) => storageFor(store, app, env);
    const { userKey } = APPS[app];
    handlers.set(key, withSession(storageOfEnv, async (request, { session, env }) => {
      const storage = storageOfEnv(env);
      const { pathname, searchParams } = new URL(request.url);
      const action = pathname.split('/')[3];
      if (action === 'login') {
        session.set(userKey, searchParams.get('user'));
        return Response.json({ user: searchParams.get('user') });
      }
      if (action === 'me') return Response.json({ user: session.get(userKey) ?? null });
      if (action === 'count') {
        session.set('n', (session.get('n') ?? 0) + 1);
        if (searchParams.has('hold')) {
          const held = gateOf(searchParams.get('hold'));
          held.reached = true;
          await until(() => held.opened);
        }
        return Response.json({ n: session.get('n') });
      }
      if (action === 'logout') {
        session.destroy();
        return Response.json({});
      }
      if (action === 'sessions') {
        const listed = await storage.listUserSessions(searchParams.get('user'));
        return Response.json({ ids: listed.map((entry) => entry.id) });
      }
      if (action === 'revoke-all') return Response.json({ ended: await storage.revokeUserSessions(searchParams.get('user')) });
      return new Response('Not found\n', { status: 404 });
    }));
  }
  return handlers.get(key);
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const [, store, app, action] = url.pathname.split('/');
    if (store === 'gate') {
      const held = gateOf(url.searchParams.get('key'));
      if (app === 'open') held.opened = true;
      else await until(() => held.reached);
      return Response.json({});
    }
    if (action === 'move' && app in APPS && url.searchParams.get('to') in APPS) return move(request, env, store, app, url.searchParams.get('to'));
    if (!(app in APPS)) return new Response('Not found\n', { status: 404 });
    return handlerOf(store, app)(request, env, ctx);
  },
};
