// Types of edge-session/react-router. `react-router` (7.9 or later) is an optional peer dependency.
import type { MiddlewareFunction, RouterContext, RouterContextProvider } from 'react-router';
import type { CsrfOption, RequestSessionStorage, Session, SessionData } from './index.js';

/** The session's key in React Router's context: `context.get(sessionContext)` in loaders and actions. */
export const sessionContext: RouterContext<Session<any, any>>;

/**
 * Root-route middleware (`future.v8_middleware`): reads the session, sets it on the context, and commits it
 * on the response (destroyed: expiring cookie; dirty: committed; untouched: nothing). A failing storage answers 500.
 * A 5xx response (a loader or action threw) commits nothing; a redirect or a 4xx, thrown or returned, is committed.
 * @param storage a storage, or a function of the middleware's arguments returning the same storage per configuration
 * @param options `csrf`: refuse with 403, running no loader or action, an unsafe request that is cross-site or
 *   lacks csrfToken's token (forms: `<input type="hidden" name="_csrf" value={token}>`, the token from a loader)
 * @example
 * export const middleware = [sessionMiddleware(storage, { csrf: true })];
 * export function loader({ context }) {
 *   return { csrf: csrfToken(context.get(sessionContext)) };
 * }
 */
export function sessionMiddleware<Data = SessionData, FlashData = Data>(
  storage:
    | RequestSessionStorage<Data, FlashData>
    | ((args: Parameters<MiddlewareFunction<Response>>[0]) => RequestSessionStorage<Data, FlashData>),
  options?: { csrf?: CsrfOption | undefined },
): MiddlewareFunction<Response>;

/** withSession's session in the RouterContextProvider that createRequestHandler needs under v8_middleware. */
export function sessionRouterContext(session: Session<any, any>, context?: RouterContextProvider): RouterContextProvider;
