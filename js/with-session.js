// withSession: the Worker fetch wrapper. Reads the session once, hands it to
// the handler as the load context { session, env, ctx } (what Remix and React
// Router request handlers take), then commits it on the response, like
// Remix's session middleware and Superflare's handleFetch. The lifecycle is
// js/request-lifecycle.js, shared with the Hono and React Router middleware.
import { checkCsrf, middlewareCsrf } from './csrf.js';
import { joinSession } from './joined-sessions.js';
import { asLoadContext, envAndCtxOf } from './load-context.js';
import { closeSession, finishSession, openSession, runHandler, storageResolver } from './request-lifecycle.js';

// A joined lifecycle's CSRF refusal is its answer, not the outer one's: the outer commits nothing over that 403, but
// its own response after it (a page of its own) commits what it changed. Regression (adversarial pass): the whole
// session counted as refused, and the outer's change before the inner call was dropped.
const JOINED = Object.freeze({ joined: true });

/** A Response of another Fetch implementation (its class is not the global one): `[object Response]`, with headers. */
function isForeignResponse(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.prototype.toString.call(value) === '[object Response]' &&
    typeof value.headers?.getSetCookie === 'function'
  );
}

/**
 * Wraps a fetch handler so it gets a session and never has to commit it.
 * @param {(env: any) => SessionStorage | SessionStorage} storageFactory runs once per env per isolate
 * @param {(request: Request, context: { session: Session, env: any, ctx: any }) => Response | Promise<Response>} handler
 * @param {{ csrf?: boolean | { trustedOrigins?: string[], maxBodyBytes?: number } }} [options] `csrf`: refuse with
 *   403, before the handler runs, an unsafe request that is cross-site or lacks the session's token (js/csrf.js,
 *   README "CSRF"); a form read for its token reaches the handler as a Request holding its body
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
 * @example
 * // Forms carry csrfToken(session) in a hidden _csrf field; a forged POST gets a 403.
 * export default { fetch: withSession(storageFor, handle, { csrf: true }) };
 */
export function withSession(storageFactory, handler, options = {}) {
  const storageFor = storageResolver(storageFactory, 'withSession(storageFactory, handler)');
  if (typeof handler !== 'function') throw new TypeError('withSession(storageFactory, handler): handler must be a function');
  const csrf = middlewareCsrf(options, 'withSession(storageFactory, handler, options)');

  /** The handler's Response; a TypeError for anything else. */
  async function respond(request, session, env, ctx) {
    const answer = await handler(request, asLoadContext({ session, env, ctx }));
    if (answer instanceof Response) return answer;
    // One of another copy of the Fetch API (in Node, the `undici` package's: a proxy route hands on what its fetch
    // returned), told as the platform tells its own across realms: made a Response of the runtime's, the body
    // streaming through untouched. Regression (response-shapes pass): it was refused as no Response, a 500.
    if (isForeignResponse(answer)) return new Response(answer.body, answer);
    throw new TypeError('withSession: the handler must return a Response');
  }

  return async function fetchWithSession(request, env, ctx) {
    // Wrapped directly around another withSession's fetch: the env and ctx are those of the load context it got.
    ({ env, ctx } = envAndCtxOf(env, ctx));
    const storage = storageFor(env);
    const cookie = request.headers.get('Cookie');
    // Called from another withSession handler of this storage with its ctx (a Worker that hands a request on to
    // another withSession-wrapped fetch): that lifecycle's session, which it commits (js/joined-sessions.js). A copy
    // of its own would wait out the lease on Durable Objects (10 s), and elsewhere overwrite the other's write.
    const joined = joinSession(ctx, storage, cookie);
    if (joined !== undefined) {
      const checked = csrf === null ? request : await checkCsrf(request, joined, csrf, JOINED);
      return checked instanceof Response ? checked : respond(checked, joined, env, ctx);
    }
    const session = await openSession(storage, cookie, ctx, request.url);
    if (session instanceof Response) return session; // the storage failed to read
    try {
      if (csrf !== null) {
        const checked = await checkCsrf(request, session, csrf);
        if (checked instanceof Response) return checked; // the handler does not run; nothing is committed
        request = checked; // a form's body was read for its token: the handler reads it from memory
      }
      // The Response check is inside runHandler: a handler that logs out, then returns no Response, has failed as
      // one that throws has, and its logout is still made. Regression (review): the check was outside.
      const response = await runHandler(storage, session, () => respond(request, session, env, ctx));
      return await finishSession(storage, session, response, request.method);
    } finally {
      await closeSession(storage, session);
    }
  };
}
