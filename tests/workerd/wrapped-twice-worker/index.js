// withSession(factory, withSession(factory, handler)): the inner fetch is called as the outer's handler, with the
// load context { session, env, ctx } where its env goes. Routes /<store>: `do` (Durable Objects), `cookie`, each
// storage made per env by a factory; `do-one-storage`: one storage object for both layers.
import { createCookieSessionStorage, createDurableObjectSessionStorage, withSession } from 'edge-session';
export { SessionDurableObject } from 'edge-session';
import { Hono } from 'hono';
import { sessionMiddleware } from 'edge-session/hono';

const storages = new WeakMap(); // env -> { store -> storage }: one per env, as the README asks
const FACTORIES = {
  do: (env) => createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET], maxAge: 3600 }, namespace: env.SESSION_DO }),
  cookie: (env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET], maxAge: 3600 } }),
};
const factoryOf = (name) => (env) => {
  let byName = storages.get(env);
  if (!byName) storages.set(env, (byName = {}));
  return (byName[name] ??= FACTORIES[name](env));
};

const count = async (request, { session, env, ctx }) => {
  session.set('n', (session.get('n') ?? 0) + 1);
  return Response.json({ n: session.get('n'), envHasSecret: typeof env?.SESSION_SECRET === 'string', hasCtx: typeof ctx?.waitUntil === 'function' });
};
const fetchers = Object.fromEntries(Object.keys(FACTORIES).map((name) => [name, withSession(factoryOf(name), withSession(factoryOf(name), count))]));
// One storage object for both layers (a module-level one, made at the first request).
let shared;
const sharedStorage = (env) => (shared ??= FACTORIES.do(env));
fetchers['do-one-storage'] = withSession(sharedStorage, withSession(sharedStorage, count));

// withSession(factory, app.fetch) around a Hono app with our middleware of the same factory: app.fetch(request, Env,
// executionCtx) is called as the outer's handler, with the load context where Hono's Env goes (adversarial pass).
for (const name of Object.keys(FACTORIES)) {
  const app = new Hono();
  app.onError((error) => new Response(`${error?.constructor?.name} ${error?.code}: ${error?.message}`, { status: 500 }));
  app.use(sessionMiddleware(factoryOf(name)));
  app.get('*', (c) => {
    const session = c.get('session');
    session.set('n', (session.get('n') ?? 0) + 1);
    // The app's own routes see Hono's Env as app.fetch was given it: withSession's load context.
    return c.json({ n: session.get('n'), joined: session === c.env?.session });
  });
  fetchers[`hono-${name}`] = withSession(factoryOf(name), app.fetch);
}

export default {
  async fetch(request, env, ctx) {
    const name = new URL(request.url).pathname.slice(1);
    try {
      return await fetchers[name](request, env, ctx);
    } catch (error) {
      return new Response(`${error?.constructor?.name} ${error?.code}: ${error?.message}`, { status: 500 });
    }
  },
};
