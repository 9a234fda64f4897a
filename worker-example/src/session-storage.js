// Builds the session storage from the Worker's env. The only file that knows how sessions are stored.
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
} from 'edge-session';

export const SESSION_COOKIE_NAME = '__Host-session';
/** The session key holding the signed-in user's ID (POST /login sets it): every storage indexes sessions by it. */
export const USER_KEY = 'userId';
const SEVEN_DAYS_IN_SECONDS = 7 * 24 * 60 * 60;

/**
 * Storages the example can be configured with through `SESSION_STORE` (wrangler.toml [vars]):
 * `cookie` (the default: the whole session in the signed cookie), `sealed` (in the encrypted cookie),
 * `kv` (Workers KV binding SESSION_KV)
 * or `do` (one Durable Object per session, binding SESSION_DO; strongly consistent).
 */
const STORAGE_FACTORIES = {
  // Up to 5 cookies (name, name.1, ...) when the notes outgrow one; a small session is one cookie as before.
  cookie: (env) => createCookieSessionStorage({ cookie: sessionCookieOptions(env), chunks: 5, ...users(env), ...lifetime(env) }),
  // The same, sealed (XChaCha20-Poly1305): the browser cannot read the session either.
  sealed: (env) => createCookieSessionStorage({ cookie: sessionCookieOptions(env), encrypt: true, chunks: 5, ...users(env), ...lifetime(env) }),
  kv: (env) => createWorkersKVSessionStorage({ cookie: sessionCookieOptions(env), kv: env.SESSION_KV, userKey: USER_KEY, ...lifetime(env) }),
  do: (env) => createDurableObjectSessionStorage({ cookie: sessionCookieOptions(env), namespace: env.SESSION_DO, userKey: USER_KEY, ...lifetime(env) }),
};

/** The storages that keep sessions on the server, so they can list a user's sessions (cookie ones cannot). */
const LISTING_STORES = new Set(['kv', 'do']);

/**
 * Cookie sessions know their user too, and are revocable ("sign out of all devices") through a record per user.
 * Kept in the Durable Object namespace rather than KV: a revocation is then seen at once everywhere (beyond each
 * isolate's 5 s cache), where KV takes up to ~60 s to reach other locations; and the binding is there already.
 */
function users(env) {
  return { userKey: USER_KEY, revocation: { namespace: env.SESSION_DO } };
}

const THIRTY_MINUTES = 30 * 60;
const EIGHT_HOURS = 8 * 60 * 60;

/**
 * When sessions end, enforced by the server (OWASP's low-risk defaults): 30 minutes without a request, or
 * 8 hours after the session began (the first visit; a sign-in keeps the session's start) however busy. SESSION_IDLE_TIMEOUT / SESSION_ABSOLUTE_TIMEOUT (seconds, [vars]) override.
 */
function lifetime(env) {
  const seconds = (value, fallback) => (/^[1-9][0-9]*$/.test(String(value ?? '')) ? Number(value) : fallback);
  return {
    idleTimeout: seconds(env.SESSION_IDLE_TIMEOUT, THIRTY_MINUTES),
    absoluteTimeout: seconds(env.SESSION_ABSOLUTE_TIMEOUT, EIGHT_HOURS),
  };
}

/**
 * What is wrong with the env for sessions, as a message for the operator, or null when all is well.
 * Checked per request before any session work so a misconfigured deploy answers with a clear 500
 * instead of an exception from deep inside the storage.
 */
export function sessionConfigProblem(env) {
  if (typeof env.SESSION_SECRET !== 'string' || env.SESSION_SECRET.length === 0) {
    return [
      'SESSION_SECRET is not set, so session cookies cannot be signed.',
      'In production: `npx wrangler secret put SESSION_SECRET` (use a long random value), then deploy again.',
      'Locally: copy .dev.vars.example to .dev.vars (`npm start` does this for you) and restart `wrangler dev`.',
    ].join('\n');
  }
  const store = sessionStoreName(env);
  if (!Object.hasOwn(STORAGE_FACTORIES, store)) {
    return `SESSION_STORE="${store}" is not supported; use one of: ${Object.keys(STORAGE_FACTORIES).join(', ')}.`;
  }
  return null;
}

const storages = new WeakMap(); // env -> its storage

/**
 * The storage for this env, one per env per isolate: `withSession` reads and commits sessions with it, and the
 * routes list and revoke with the same one. Made once, not per request: a storage checks its options and makes its
 * cookie when made. (What a revocation leaves in the isolate is kept per binding, not per storage object, so
 * another storage over the same binding would see it too: tests/js/kv-shared-binding.)
 */
export function sessionStorageFor(env) {
  let storage = storages.get(env);
  if (!storage) {
    storage = STORAGE_FACTORIES[sessionStoreName(env)](env);
    storages.set(env, storage);
  }
  return storage;
}

/** Whether this env's storage can list a user's sessions (listUserSessions throws on cookie storages). */
export function listsUserSessions(env) {
  return LISTING_STORES.has(sessionStoreName(env));
}

function sessionStoreName(env) {
  return env.SESSION_STORE ?? 'cookie';
}

function sessionCookieOptions(env) {
  return {
    name: SESSION_COOKIE_NAME,
    secrets: [env.SESSION_SECRET],
    httpOnly: true,
    // Browsers accept Secure cookies on http://localhost, so `wrangler dev` works with this on. With Path=/ and no
    // Domain, the name's __Host- prefix makes browsers refuse the cookie from any other host (a sibling subdomain's
    // planted session: README, Security model).
    secure: true,
    // Lax: the cookie is not sent on cross-site POSTs. A second layer only: a sibling origin of the same site still
    // gets it, so withSession's csrf option (worker-example/src/index.js) is the protection.
    sameSite: 'lax',
    path: '/',
    maxAge: SEVEN_DAYS_IN_SECONDS,
  };
}
