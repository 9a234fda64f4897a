// The storages the app and the admin Worker make over the same bindings. `variant`: how the admin's options differ
// from the app's (an admin Worker has no reason to know the app's cookie).
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
} from 'edge-session';

const APP_COOKIE = { name: '__app', secrets: ['app-secret-0123456789abcdef0123456789'], httpOnly: true, maxAge: 3600 };
const VARIANTS = {
  same: { cookie: APP_COOKIE },
  'no-cookie': {},
  'other-cookie': { cookie: { name: '__admin', secrets: ['admin-secret-0123456789abcdef01234567'] } },
};

export function storageOf(store, env, variant = 'same') {
  const { cookie } = VARIANTS[variant];
  const userKey = 'userId';
  // The app before userKey: the same cookie and bindings, sessions holding userId that no index lists.
  if (store === 'do-legacy') return createDurableObjectSessionStorage({ cookie, namespace: env.SESSIONS_DO });
  if (store === 'kv-legacy') return createWorkersKVSessionStorage({ cookie, kv: env.SESSIONS_KV });
  if (store === 'cookie-legacy') return createCookieSessionStorage({ cookie });
  if (store === 'do-wrong') return createDurableObjectSessionStorage({ cookie, userKey, namespace: env.WRONG_DO });
  if (store === 'cookie-do-wrong') return createCookieSessionStorage({ cookie, userKey, revocation: { namespace: env.WRONG_DO } });
  if (store === 'do') return createDurableObjectSessionStorage({ cookie, userKey, namespace: env.SESSIONS_DO });
  if (store === 'kv') return createWorkersKVSessionStorage({ cookie, userKey, kv: env.SESSIONS_KV });
  if (store === 'cookie-kv') return createCookieSessionStorage({ cookie, userKey, revocation: { kv: env.SESSIONS_KV } });
  if (store === 'cookie-do') return createCookieSessionStorage({ cookie, userKey, revocation: { namespace: env.SESSIONS_DO } });
  throw new Error(`no store ${store}`);
}
