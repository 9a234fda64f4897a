// withSession: the Worker fetch wrapper. Reads the session once, hands it to
// the handler as the load context { session, env, ctx } (what Remix and React
// Router request handlers take), then commits it on the response, like
// Remix's session middleware and Superflare's handleFetch.
import { SessionStorageError } from './errors.js';
import { endRequest, needsResign } from './internal.js';

const noEnv = {}; // the cache key when a runtime passes no env (Node servers)

function isStorage(value) {
  return value !== null && typeof value === 'object' && typeof value.getSession === 'function';
}

/**
 * The Set-Cookie this request's session needs, or undefined for none:
 * destroyed -> an expiring cookie (and the stored data deleted); dirty -> the
 * committed session; untouched -> nothing, unless it was read under a retired
 * secret, which is re-signed so secret rotation completes.
 */
async function setCookieFor(storage, session) {
  // A chunked cookie session may need several (cookie-chunks.js).
  if (storage.commitSessionHeaders && (session.destroyed || session.dirty || session[needsResign])) {
    return storage.commitSessionHeaders(session);
  }
  if (session.destroyed) return storage.destroySession(session);
  if (session.dirty || session[needsResign]) return storage.commitSession(session);
  return undefined;
}

function storageFailed(action, error) {
  console.error(`edge-session: the session could not be ${action}:`, error);
  return new Response(`Internal Server Error: the session could not be ${action}.`, {
    status: 500,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Wraps a fetch handler so it gets a session and never has to commit it.
 * @param {(env: any) => SessionStorage | SessionStorage} storageFactory runs once per env per isolate
 * @param {(request: Request, context: { session: Session, env: any, ctx: any }) => Response | Promise<Response>} handler
 * @returns {(request: Request, env?: any, ctx?: any) => Promise<Response>}
 * @example
 * export default {
 *   fetch: withSession(
 *     (env) => createCookieSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] } }),
 *     async (request, { session }) => {
 *       session.set('visits', (session.get('visits') ?? 0) + 1);
 *       return new Response(`visit ${session.get('visits')}`);
 *     },
 *   ),
 * };
 */
export function withSession(storageFactory, handler) {
  if (typeof storageFactory !== 'function' && !isStorage(storageFactory)) {
    throw new TypeError('withSession(storageFactory, handler): storageFactory must be a function of env, or a storage');
  }
  if (typeof handler !== 'function') throw new TypeError('withSession(storageFactory, handler): handler must be a function');
  const storages = new WeakMap();

  function storageFor(env) {
    if (isStorage(storageFactory)) return storageFactory;
    const key = env !== null && typeof env === 'object' ? env : noEnv;
    let storage = storages.get(key);
    if (!storage) {
      storage = storageFactory(env);
      if (!isStorage(storage)) throw new TypeError('withSession: the storage factory must return a session storage');
      storages.set(key, storage);
    }
    return storage;
  }

  return async function fetchWithSession(request, env, ctx) {
    const storage = storageFor(env);
    let session;
    try {
      session = await storage.getSession(request.headers.get('Cookie'));
    } catch (error) {
      // A backend that is down (KV, a Durable Object) is no programming error.
      if (error instanceof SessionStorageError) return storageFailed('read', error);
      throw error;
    }
    try {
      const response = await handler(request, { session, env, ctx });
      if (!(response instanceof Response)) throw new TypeError('withSession: the handler must return a Response');
      let setCookie;
      try {
        setCookie = await setCookieFor(storage, session);
      } catch (error) {
        return storageFailed('saved', error);
      }
      if (setCookie === undefined) return response;
      // Responses from fetch() or Response.redirect() have immutable headers
      // (workers-pitfalls 3.11); a copy shares the body stream untouched.
      const committed = new Response(response.body, response);
      for (const header of [].concat(setCookie)) committed.headers.append('Set-Cookie', header);
      return committed;
    } finally {
      // Nothing a request creates outlives it: a lock held on the session
      // (Durable Objects) is released, the WASM memory freed.
      try {
        await storage[endRequest]?.(session);
      } finally {
        session.dispose();
      }
    }
  };
}
