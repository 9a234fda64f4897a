// Two apps in one Worker over the same bindings (tests/workerd/two-apps-one-binding.test.js): /<store>/admin/... and
// /<store>/shop/..., each a withSession app with its own cookie name, secret and userKey. User IDs are each app's
// own (admin "1" and customer "1" are two people), so each app names its users' records with its own keyPrefix. `store`: do (Durable Object storages over one namespace), kv (KV
// storages over one namespace, default keyPrefix), cookie-kv / cookie-do (cookie storages whose revocation option
// names the same binding). /<store>/acme/... and /<store>/globex/...: two tenants of one code (one cookie name and secret).
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

const handlers = new Map();
function handlerOf(store, app) {
  const key = `${store}/${app}`;
  if (!handlers.has(key)) {
    const storages = new WeakMap();
    const storageFor = (env) => {
      if (!storages.has(env)) storages.set(env, storageOf(store, app, env));
      return storages.get(env);
    };
    const { userKey } = APPS[app];
    handlers.set(key, withSession(storageFor, async (request, { session, env }) => {
      const storage = storageFor(env);
      const { pathname, searchParams } = new URL(request.url);
      const action = pathname.split('/')[3];
      if (action === 'login') {
        session.set(userKey, searchParams.get('user'));
        return Response.json({ user: searchParams.get('user') });
      }
      if (action === 'me') return Response.json({ user: session.get(userKey) ?? null });
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
  fetch(request, env, ctx) {
    const [, store, app] = new URL(request.url).pathname.split('/');
    if (!(app in APPS)) return new Response('Not found\n', { status: 404 });
    return handlerOf(store, app)(request, env, ctx);
  },
};
