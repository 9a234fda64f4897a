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
 * The `{ env, ctx }` a fetch-shaped call got: those of the load context it was given as its env with no ctx (it is
 * wrapped directly by withSession: withSession(factory, withSession(...)) or withSession(factory, app.fetch)), else
 * as they came. Regression (adversarial pass): only withSession's inner fetch took them; a Hono app's middleware
 * read the app's secrets from the load context (a CookieOptionError for a secret that was set).
 */
export function envAndCtxOf(env, ctx) {
  return ctx === undefined && loadContexts.has(env) ? { env: env.env, ctx: env.ctx } : { env, ctx };
}
