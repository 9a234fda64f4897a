// Types of edge-session/hono. `hono` is an optional peer dependency: only
// TypeScript users of this entry need it installed.
import type { Env as HonoEnv, MiddlewareHandler } from 'hono';
import type { CsrfOption, RequestSessionStorage, Session, SessionData } from './index.js';

/**
 * The Variables the middleware adds: declare them on your app so `c.var.session` is typed.
 * A type, not an interface: hono 4.0-4.4 (in the peer range) take Variables only as a `Record<string, unknown>`,
 * which an interface is not (tests/types/hono-peer-range.ts).
 * @example
 * const app = new Hono<{ Bindings: Env; Variables: SessionVariables }>();
 */
export type SessionVariables<Data = SessionData, FlashData = Data> = {
  session: Session<Data, FlashData>;
};

/**
 * Puts the request's session on `c.var.session` and commits it on the response
 * after the handler (destroyed: expiring cookie; dirty: committed; untouched:
 * nothing). Every other Set-Cookie is kept. A storage that fails answers 500.
 * @param storage a storage, or a function of `c.env` (run once per env per isolate)
 * @param options `csrf`: refuse with 403 an unsafe request that is cross-site or lacks csrfToken's token
 * @example
 * app.use(sessionMiddleware((env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } }), { csrf: true }));
 * app.get('/', (c) => c.html(`<form method="post"><input type="hidden" name="_csrf" value="${csrfToken(c.var.session)}">...</form>`));
 */
// Bindings constrained as hono's own (`object` from hono 4.5, `Record<string, unknown>` before): a handler typed for the
// app's Env stays assignable to hono's in the whole peer range (tests/types/hono-peer-range.ts).
export function sessionMiddleware<Bindings extends NonNullable<HonoEnv['Bindings']> = any, Data = SessionData, FlashData = Data>(
  storage: ((env: Bindings) => RequestSessionStorage<Data, FlashData>) | RequestSessionStorage<Data, FlashData>,
  options?: { csrf?: CsrfOption | undefined },
): MiddlewareHandler<
  // Bindings unknown (a storage given, or a factory whose `env` is untyped) are `any`, which Hono's chained types
  // (`new Hono<{ Bindings: Env }>().use(mw).get(...)`, `app.get(path, mw, handler)`) intersect with the app's own,
  // making `c.env` `any` in every later handler: left out then. Regression (types review): `c.env.MISSPELT` passed.
  unknown extends Bindings
    ? { Variables: SessionVariables<Data, FlashData> }
    : { Bindings: Bindings; Variables: SessionVariables<Data, FlashData> }
>;
