// Type-checked by `npm test` (tsc): a withSession fetch wrapped directly by another withSession (README "Nested
// calls"), which hands it its load context where `env` goes. Regression (API pass): with the factory's `env` typed,
// the README's `withSession(factory, withSession(factory, handler))` was a type error (a load context is no Env).
import { createCookieSessionStorage, withSession, type CookieSessionStorage, type ExecutionContextLike, type SessionContext } from 'edge-session';

interface Env {
  SESSION_SECRET: string;
}
const storages = new WeakMap<Env, CookieSessionStorage>();
const factory = (env: Env): CookieSessionStorage =>
  storages.get(env) ?? storages.set(env, createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } })).get(env)!;

const inner = withSession(factory, (request, { session, env }) => new Response(`${String(session.get('visits'))} ${env.SESSION_SECRET.length}`));
export const nested = withSession(factory, inner);
export const handedOn = withSession(factory, (request, loadContext) => inner(request, loadContext));
// Still a Worker's fetch, and callable with the request alone.
export const worker: { fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response> } = { fetch: inner };
export const alone = (request: Request): Promise<Response> => inner(request);

export function misuse(request: Request, loadContext: SessionContext<Env>, ctx: ExecutionContextLike): void {
  // @ts-expect-error: with a ctx, the second argument is the env (the load context form takes none)
  void inner(request, loadContext, ctx);
  // @ts-expect-error: an env of another shape
  void inner(request, { SESSION_SECRET: 1 });
}
// The Worker's form is the one Parameters<> takes (the last overload).
export const workerArguments: Parameters<typeof inner> = [new Request('https://app.test/'), { SESSION_SECRET: 's' }];
