// edge-session/react-router: React Router's middleware (`future.v8_middleware`
// in 7.x, the default in 8) and its typed context. With middleware enabled the
// load context must be a RouterContextProvider, so withSession's plain
// { session, env, ctx } is refused; here the session is a context value,
// read in loaders and actions with context.get(sessionContext).
// react-router is an optional peer dependency: only this entry imports it.
import { createContext, RouterContextProvider } from 'react-router';
import { checkCsrf, middlewareCsrf } from './csrf.js';
import { closeSession, finishSession, isStorage, noteOpenedOn, openedFor, openedOn, openSession, runHandler } from './request-lifecycle.js';

/** The session a sessionMiddleware put in this request's context, else undefined. */
function openSessionOf(context) {
  try {
    return context.get(sessionContext);
  } catch {
    return undefined; // none: React Router's get() throws for a context without a value or default
  }
}

/**
 * The session's key in React Router's context.
 * @example
 * export async function loader({ context }) {
 *   const session = context.get(sessionContext);
 *   return { user: session.get('user') };
 * }
 */
export const sessionContext = createContext();

/**
 * Middleware that reads the session, sets it on the context, and commits it
 * on the response the route returns (destroyed: expiring cookie; dirty:
 * committed; untouched: nothing), as withSession does. Put it on the root route.
 * A server error response (status 500 or more: a loader or action threw)
 * commits nothing; a redirect or a 4xx, thrown or returned, is committed.
 * @param {SessionStorage | ((args: { request: Request, context: RouterContextProvider, params: object }) => SessionStorage)} storage
 *   a storage, or a function of the middleware's arguments called on each request: it must return the same
 *   storage for the same configuration (each storage holds its cookie's keys in WebAssembly memory)
 * @param {{ csrf?: boolean | { trustedOrigins?: string[], maxBodyBytes?: number } }} [options] `csrf`: an unsafe request (an action)
 *   that is cross-site or lacks the session's token (csrfToken) gets a 403 and no loader or action runs
 * @returns {(args: { request: Request, context: RouterContextProvider }, next: () => Promise<Response>) => Promise<Response>}
 * @example
 * // app/root.jsx
 * import { createCookieSessionStorage } from 'edge-session';
 * import { sessionMiddleware } from 'edge-session/react-router';
 * const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [process.env.SESSION_SECRET] } });
 * export const middleware = [sessionMiddleware(storage)];
 */
export function sessionMiddleware(storage, options = {}) {
  const csrf = middlewareCsrf(options, 'sessionMiddleware(storage, options)');
  if (typeof storage !== 'function' && !isStorage(storage)) {
    throw new TypeError('sessionMiddleware(storage): storage must be a session storage, or a function returning one');
  }
  return async function edgeSessionMiddleware(args, next) {
    const resolved = typeof storage === 'function' ? storage(args) : storage;
    if (!isStorage(resolved)) throw new TypeError('sessionMiddleware(storage): the storage function must return a session storage');
    // Mounted on this request already (the root's and a child route's): its session is the one, committed once.
    // Found by storage (openedOn) too: a middleware of another cookie mounted between the two sets sessionContext.
    const open = openedOn(args.context, resolved) ?? openSessionOf(args.context);
    if (openedFor(open, resolved)) {
      const checked = csrf === null ? undefined : await checkCsrf(args.request, open, csrf, { keepBody: true });
      if (checked instanceof Response) return checked;
      // The slot's session (another cookie's mount between the two) is put back after next(), as in js/hono.js.
      const slot = openSessionOf(args.context);
      args.context.set(sessionContext, open);
      try {
        return await next();
      } finally {
        if (slot !== undefined && slot !== open) args.context.set(sessionContext, slot);
      }
    }
    const session = await openSession(resolved, args.request.headers.get('Cookie'), undefined, args.request.url);
    if (session instanceof Response) return session; // the storage failed to read: the route does not run
    try {
      if (csrf !== null) {
        // The action gets args.request itself (next() takes no other): a form's token is read from a copy of it.
        const checked = await checkCsrf(args.request, session, csrf, { keepBody: true });
        if (checked instanceof Response) return checked; // next() is not called; nothing is committed
      }
      noteOpenedOn(args.context, resolved, session);
      args.context.set(sessionContext, session);
      // React Router makes most errors a response; one that gets through is as withSession's handler throwing.
      return await finishSession(resolved, session, await runHandler(resolved, session, next), args.request.method);
    } finally {
      await closeSession(resolved, session);
    }
  };
}

/**
 * For apps served by withSession with `future.v8_middleware` on: the
 * RouterContextProvider createRequestHandler needs, holding withSession's
 * session under sessionContext (withSession still commits it). Without
 * v8_middleware, pass withSession's { session, env, ctx } as it is.
 * @param {import('./session.js').Session} session
 * @param {RouterContextProvider} [context] one you made (with your own values), else a new one
 * @returns {RouterContextProvider}
 * @example
 * export default {
 *   fetch: withSession(
 *     (env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } }),
 *     (request, { session }) => handleRequest(request, sessionRouterContext(session)),
 *   ),
 * };
 */
export function sessionRouterContext(session, context = new RouterContextProvider()) {
  context.set(sessionContext, session);
  return context;
}
