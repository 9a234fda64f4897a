// Types of edge-session/hono. `hono` is an optional peer dependency: only
// TypeScript users of this entry need it installed.
import type { MiddlewareHandler } from 'hono';
import type { Session, SessionData, SessionStorage } from './index.js';

/**
 * The Variables the middleware adds: declare them on your app so `c.var.session` is typed.
 * @example
 * const app = new Hono<{ Bindings: Env; Variables: SessionVariables }>();
 */
export interface SessionVariables<Data = SessionData, FlashData = Data> {
  session: Session<Data, FlashData>;
}

/**
 * Puts the request's session on `c.var.session` and commits it on the response
 * after the handler (destroyed: expiring cookie; dirty: committed; untouched:
 * nothing). Every other Set-Cookie is kept. A storage that fails answers 500.
 * @param storage a storage, or a function of `c.env` (run once per env per isolate)
 */
export function sessionMiddleware<Bindings extends object = any, Data = SessionData, FlashData = Data>(
  storage: ((env: Bindings) => SessionStorage<Data, FlashData>) | SessionStorage<Data, FlashData>,
): MiddlewareHandler<{ Bindings: Bindings; Variables: SessionVariables<Data, FlashData> }>;
