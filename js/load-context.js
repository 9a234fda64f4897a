// The load contexts withSession hands its handlers ({ session, env, ctx }). A fetch wrapped directly by withSession
// (another withSession's, a Hono app's app.fetch) is called with one where its env goes and no ctx: it takes both
// from it (envAndCtxOf; js/with-session.js, js/hono.js). Regression (misuse pass): the inner factory read the app's
// secrets from the load context.
const loadContexts = new WeakSet();

/** Notes `context` as a load context withSession hands its handler; returns it. */
export function asLoadContext(context) {
  loadContexts.add(context);
  return context;
}

/**
 * The `{ env, ctx }` a fetch-shaped call got: those of the load context it was given as its env (it is wrapped
 * directly by withSession: withSession(factory, withSession(...)) or withSession(factory, app.fetch), or handed the
 * load context with a ctx: app.fetch(request, context, context.ctx)), the ctx given first; else as they came.
 * Regressions: (adversarial pass) only withSession's inner fetch took them, and a Hono app's middleware read the
 * app's secrets from the load context (a CookieOptionError for a secret that was set); (s47 adapters pass) so did
 * both when a ctx came beside it. A load context is never a Worker's env.
 */
export function envAndCtxOf(env, ctx) {
  return loadContexts.has(env) ? { env: env.env, ctx: ctx ?? env.ctx } : { env, ctx };
}
