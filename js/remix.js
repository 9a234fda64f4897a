// edge-session/remix: CSRF protection for Remix v3's @remix-run/fetch-router. Remix's own
// session(cookie, storage) middleware opens and saves the session (on our storages, through their read/save);
// csrf() goes after it and checks each unsafe request by the rules of withSession's csrf option (js/csrf.js).
// Unlike @remix-run/csrf-middleware, it stores nothing in the session until csrfToken asks for a token, so a
// visitor who never sees a form gets no Set-Cookie. @remix-run/session is an optional peer dependency: only this
// entry imports it, for the key Remix's middleware sets the session under.
import { Session } from '@remix-run/session';
import { checkCsrf, csrfOptions, hasFormBody } from './csrf.js';
import { CSRF_SESSION_KEY } from './internal.js';
import { isSession } from './session.js';

export { csrfToken } from './csrf-token.js';

/**
 * fetch-router middleware, after `session(cookie, storage)`: an unsafe request (POST, PUT, PATCH, DELETE, any
 * other but GET, HEAD, OPTIONS, TRACE) reaches the next middleware and the handler only with a token of the
 * session's (csrfToken) in the `X-CSRF-Token` header or the `_csrf` form field, and from this site's own origin;
 * else a 403 in plain text saying why. A form read for its token reaches the handler as `context.request` holding
 * its body; after `formData()` from @remix-run/form-data-middleware, the form it parsed is read instead. A request
 * is checked when its method or `context.method` (methodOverride()) is unsafe, or it has a form body. A refused
 * request's session is saved by none of our storages; a request that changed the session's ID (regenerateId())
 * drops its CSRF secret.
 * @param {boolean | { trustedOrigins?: string[], maxBodyBytes?: number }} [options] what withSession's `csrf`
 *   option takes (`false`: no check)
 * @returns {import('@remix-run/fetch-router').Middleware}
 * @example
 * import { session } from '@remix-run/session-middleware';
 * import { csrf, csrfToken } from 'edge-session/remix';
 * const router = createRouter({ middleware: [session(cookie, storage), csrf()] });
 * router.get('/', ({ get }) => new Response(
 *   `<form method="post"><input type="hidden" name="_csrf" value="${csrfToken(get(Session))}">...</form>`,
 *   { headers: { 'Content-Type': 'text/html; charset=utf-8' } },
 * ));
 */
export function csrf(options = true) {
  const checks = csrfOptions(options, 'csrf(options)');
  return async function edgeSessionCsrf(context, next) {
    if (checks === null) return next();
    if (!context.has(Session)) {
      // A programming error, as in Remix's own csrf(): without the session there is no secret to check against.
      throw new Error(
        'csrf(): no session in the request context; put session(cookie, storage) from @remix-run/session-middleware ' +
          'before csrf() in the middleware list',
      );
    }
    const session = context.get(Session);
    // formData() from @remix-run/form-data-middleware, run before this, has read the body and keeps the form.
    const parsed = context.has(FormData) ? context.get(FormData) : undefined;
    const how = { parsedForm: parsed && (() => parsed), routedMethod: routedMethodOf(context) };
    const checked = await checkCsrf(context.request, session, checks, how);
    // next() is not called, so no handler runs. Remix's session() still saves the session after this answer:
    // ours then write nothing unless changed since (checkCsrf noted the refusal: js/internal.js refusedRequests),
    // as a refused request commits nothing elsewhere; a middleware ahead that answers the 403 with a flash still
    // has it saved.
    if (checked instanceof Response) return checked;
    // A form's body was read for its token: the handler (and formData() after this) read it from memory.
    context.request = checked;
    // Ours drops the secret in regenerateId() itself (js/session.js), and is not asked here: no WebAssembly call.
    if (isSession(session)) return next();
    const secret = session.get(CSRF_SESSION_KEY);
    const id = session.id;
    const response = await next();
    // A sign-in's regenerateId() must end the tokens shown before it (an attacker who planted the session knows
    // them). Remix's own Session keeps every value: the secret is dropped here, before Remix's session() saves it.
    // A token rendered after regenerateId() in the same response goes with it.
    if (typeof secret === 'string' && !session.destroyed && session.id !== id && session.get(CSRF_SESSION_KEY) === secret) {
      session.unset(CSRF_SESSION_KEY);
    }
    return response;
  };
}

/**
 * The method to check the request as: context.method, which picks the handler and which Remix's methodOverride()
 * sets from a form's `_method`, else POST for a form body that methodOverride() placed after csrf() may still turn
 * into a DELETE (formData() parses the body of any method but GET and HEAD; a browser's OPTIONS and TRACE carry
 * none). Regressions: only request.method was checked (review); then context.method as csrf() found it, before a
 * later methodOverride() (audit); then any body, and workerd gives a GET with `Content-Length: 0` one (review).
 */
function routedMethodOf(context) {
  const { method } = context.request;
  if (method === 'GET' || method === 'HEAD') return context.method;
  return hasFormBody(context.request) ? 'POST' : context.method;
}
