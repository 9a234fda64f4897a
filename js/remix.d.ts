// Types of edge-session/remix. `@remix-run/session` and `@remix-run/fetch-router` are optional peer dependencies:
// only users of this entry need them installed.
import type { Middleware } from '@remix-run/fetch-router';
import type { Session as RemixSession } from '@remix-run/session';
import type { CsrfOption, Session } from './index.js';

/**
 * fetch-router middleware, after `session(cookie, storage)` from @remix-run/session-middleware: refuses with a
 * 403 in plain text, calling no handler, an unsafe request that is cross-site or lacks csrfToken's token (the
 * `_csrf` form field or the `X-CSRF-Token` header). Stores nothing in the session until csrfToken is called.
 * @param options withSession's `csrf` option: `true` (the default), `false` (no check), or
 *   `{ trustedOrigins, maxBodyBytes }`
 * @example
 * const router = createRouter({ middleware: [session(cookie, storage), csrf()] });
 */
export function csrf(options?: CsrfOption): Middleware;

/**
 * A token for a form or a fetch, as edge-session's csrfToken, typed for the session Remix's middleware puts in
 * the context (`context.get(Session)`): each call gives a differently masked token of one secret, all valid.
 */
export function csrfToken(session: RemixSession<any, any> | Session<any, any>): string;
