// edge-session/hono: a Hono middleware that puts the request's session on
// c.var.session and commits it after the handler. Imports nothing from hono
// at run time: hono is an optional peer dependency, needed for its types only.
import { checkCsrf, middlewareCsrf } from './csrf.js';
import { joinSession } from './joined-sessions.js';
import { envAndCtxOf } from './load-context.js';
import { closeSession, finishSession, noteOpenedOn, openedFor, openedOn, openSession, runHandler, storageResolver, wasDestroyed, withoutLeftBehind } from './request-lifecycle.js';

/**
 * Makes `response` (c.res itself, or a copy of it with every header kept) the Context's. Hono's `c.res = x` setter
 * merges the old c.res's headers into x and replaces x's Set-Cookie with the old ones, which would drop ours (or
 * put back a header taken out): unset first, and x goes in as it is.
 */
function replaceResponse(c, response) {
  if (response === c.res) return;
  c.res = undefined;
  c.res = response;
}

/** Hono's HTTPException (told by its shape: hono is not imported at run time) with a status under 500. */
function isHandledHttpException(error) {
  return typeof error?.getResponse === 'function' && Number.isInteger(error.status) && error.status < 500;
}

/** Hono's c.executionCtx, or undefined (its getter throws where there is none: Node, app.request). */
function executionCtxOf(c) {
  try {
    const ctx = c.executionCtx;
    return ctx !== null && typeof ctx === 'object' ? ctx : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Hono middleware: `c.var.session` (or `c.get('session')`) in every handler
 * after it; the session is committed when the handler returns, as withSession does.
 * @param {((env: any) => SessionStorage) | SessionStorage} storageFactory a storage, or a
 *   function of Hono's `c.env` (Workers secrets exist only per request), run once per env per isolate.
 *   In Node, @hono/node-server makes a new c.env per request: pass a storage there.
 * @param {{ csrf?: boolean | { trustedOrigins?: string[], maxBodyBytes?: number } }} [options] `csrf`: an unsafe request that is
 *   cross-site or lacks the session's token (csrfToken) gets a 403 and no handler after this one runs
 * @returns {(c: import('hono').Context, next: () => Promise<void>) => Promise<Response | void>}
 * @example
 * import { Hono } from 'hono';
 * import { createCookieSessionStorage } from 'edge-session';
 * import { sessionMiddleware } from 'edge-session/hono';
 *
 * const app = new Hono();
 * app.use(sessionMiddleware((env) => createCookieSessionStorage({
 *   cookie: { name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, secure: true },
 * })));
 * app.get('/', (c) => {
 *   c.var.session.set('visits', (c.var.session.get('visits') ?? 0) + 1);
 *   return c.text(`visit ${c.var.session.get('visits')}`);
 * });
 * export default app;
 */
export function sessionMiddleware(storageFactory, options = {}) {
  const storageFor = storageResolver(storageFactory, 'sessionMiddleware(storageFactory)');
  const csrf = middlewareCsrf(options, 'sessionMiddleware(storageFactory, options)');

  /**
   * The CSRF check (when on) of `session`: a Response to answer instead of the handler, else undefined. `joined`:
   * the session is another lifecycle's (js/joined-sessions.js), whose own response may not be this refusal.
   */
  async function refused(c, session, joined = false) {
    if (csrf === null) return undefined;
    // A middleware before this one may have read the body through c.req (parseBody): Hono keeps the form.
    const checked = await checkCsrf(c.req.raw, session, csrf, { parsedForm: () => c.req.formData(), joined });
    if (checked instanceof Response) return checked; // next() is not called; nothing is committed
    // A form's body was read for its token: c.req (parseBody, formData, text...) and c.req.raw read it from memory.
    c.req.raw = checked;
    return undefined;
  }

  return async function edgeSession(c, next) {
    // withSession(factory, app.fetch): Hono's Env is withSession's load context, and there is no executionCtx.
    const { env, ctx } = envAndCtxOf(c.env, executionCtxOf(c));
    const storage = storageFor(env);
    // Mounted twice on this request (a sub-app's own under app.route(), or app.use and a route's): its session is
    // open already, and is the one to use and commit, once. Regression: a second, stale copy of it was committed
    // after the handler's, and the handler's change was lost (a Durable Object's waited for its own lease).
    // Found by storage (openedOn), not only on c.var.session: a middleware of another cookie mounted between the two
    // puts its own session there.
    const own = openedOn(c, storage) ?? c.get('session');
    if (openedFor(own, storage)) {
      // The slot's session (another cookie's mount between the two) is put back after next(): that mount's own
      // middleware after it is to get its session, not this one. Regression (adversarial pass): a cart's "last
      // viewed" stamp after next() went into the sign-in session (its destroy() would sign the user out).
      const slot = c.get('session');
      c.set('session', own);
      try {
        return (await refused(c, own)) ?? (await next());
      } finally {
        if (slot !== undefined && slot !== own) c.set('session', slot);
      }
    }
    // A sub-app under app.mount() has a Context of its own, the same c.executionCtx: it joins the session the
    // outer mount opened (js/joined-sessions.js), which commits it. Regression (black-box pass): on Durable
    // Objects its own copy waited for the outer mount's lease, and every request took leaseTimeout (10 s).
    const cookie = c.req.header('Cookie');
    const joined = joinSession(ctx, storage, cookie);
    if (joined !== undefined) {
      noteOpenedOn(c, storage, joined);
      c.set('session', joined);
      return (await refused(c, joined, true)) ?? next();
    }
    const session = await openSession(storage, cookie, ctx, c.req.url);
    if (session instanceof Response) return session; // the storage failed to read: the handler does not run
    try {
      const refusal = await refused(c, session);
      if (refusal) return refusal;
      noteOpenedOn(c, storage, session);
      c.set('session', session);
      // An error Hono lets through (onError rethrowing it, a thrown non-Error) is as withSession's handler throwing.
      await runHandler(storage, session, next);
      // Hono caught a handler error and made c.res from onError: like withSession when its handler throws,
      // nothing is saved. But a thrown HTTPException under 500 is Hono's way to answer with a status (a 303
      // redirect to the login page after a flash), a handled outcome as React Router's thrown redirect() is. And a
      // destroyed session is ended anyway (finishSession), as a 5xx does: a failure after a logout keeps it.
      if (c.error && !isHandledHttpException(c.error) && !wasDestroyed(session)) {
        // But a hand commit's header that would sign the device out goes (request-lifecycle.js withoutLeftBehind):
        // onError answered on this Context, which keeps the headers the route set (c.header).
        replaceResponse(c, withoutLeftBehind(session, c.res));
        return; // also when disposed
      }
      replaceResponse(c, await finishSession(storage, session, c.res, c.req.method));
    } finally {
      await closeSession(storage, session);
    }
  };
}
