// Test Worker for tests/workerd/service-binding.test.js. For <store> in cookie, kv, do:
//   GET  /<store>/                     the session's counts and user
//   ANY  /<store>/app/<action>         the app: withSession; action bump (app += 1), signin (regenerateId(true), user
//                                      'ann'), read (nothing), others-now (await revokeUserSessions('ann', { except:
//                                      session })), others-later (the same in ctx.waitUntil), others-after (the same
//                                      in ctx.waitUntil once the response is sent; GET /last-revocation tells)
//   ANY  /<store>/peek/<action>        a gateway as README shows it: getSession, dispose(), then hands the request
//                                      on to /<store>/app/<action> through env.SELF.fetch
import { createCookieSessionStorage, createDurableObjectSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';

export { SessionDurableObject } from 'edge-session';

const cookie = (env) => ({ name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 3600 });
const STORAGES = {
  cookie: (env) => createCookieSessionStorage({ cookie: cookie(env), userKey: 'user', revocation: { kv: env.SESSIONS_KV } }),
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookie(env), kv: env.SESSIONS_KV, userKey: 'user' }),
  do: (env) => createDurableObjectSessionStorage({ cookie: cookie(env), namespace: env.SESSIONS_DO, userKey: 'user' }),
};
let lastRevocation = null; // what the latest revocation left running after the response did (others-after)
const json = (value, init) => new Response(JSON.stringify(value), { ...init, headers: { 'Content-Type': 'application/json' } });
const state = (session) => ({ gateway: session.get('gateway') ?? 0, app: session.get('app') ?? 0, user: session.get('user') ?? null });

function routes(store, storageFor) {
  const app = withSession(storageFor, async (request, { session, env, ctx }) => {
    const action = new URL(request.url).pathname.split('/')[3];
    if (action === 'bump') session.set('app', (session.get('app') ?? 0) + 1);
    if (action === 'others-now') await storageFor(env).revokeUserSessions('ann', { except: session });
    if (action === 'others-later') ctx.waitUntil(storageFor(env).revokeUserSessions('ann', { except: session }));
    if (action === 'others-after') {
      const after = new Promise((resolve) => setTimeout(resolve, 200)); // the response is sent by then
      ctx.waitUntil(after.then(() => storageFor(env).revokeUserSessions('ann', { except: session })).then(
        (count) => (lastRevocation = { count }),
        (error) => (lastRevocation = { error: error.code ?? error.message }),
      ));
    }
    if (action === 'signin') {
      session.regenerateId(true);
      session.set('user', 'ann');
    }
    return json(state(session));
  });
  // What README recommends for a gateway over Durable Objects: read the session by hand, and give its lease back
  // before handing the request on, so that the app's withSession is not left waiting for it.
  const peeking = async (request, env) => {
    const session = await storageFor(env).getSession(request.headers.get('Cookie'));
    const user = session.get('user');
    session.dispose();
    const url = new URL(request.url);
    url.pathname = `/${store}/app/${url.pathname.split('/')[3]}`;
    if (user === 'blocked') return new Response('Forbidden', { status: 403 }); // the gateway's check of the user
    return env.SELF.fetch(new Request(url, request));
  };
  const read = withSession(storageFor, (request, { session }) => json(state(session)));
  return (request, env, ctx) => {
    const [, , part] = new URL(request.url).pathname.split('/');
    return (part === 'app' ? app : part === 'peek' ? peeking : read)(request, env, ctx);
  };
}
/** One storage per env, withSession's and the handler's own (revokeUserSessions). */
function cached(factory) {
  const storages = new WeakMap();
  return (env) => storages.get(env) ?? storages.set(env, factory(env)).get(env);
}
const apps = Object.fromEntries(Object.entries(STORAGES).map(([store, factory]) => [store, routes(store, cached(factory))]));

export default {
  fetch(request, env, ctx) {
    const [, store] = new URL(request.url).pathname.split('/');
    if (store === 'last-revocation') return json(lastRevocation);
    return Object.hasOwn(apps, store) ? apps[store](request, env, ctx) : new Response('not found', { status: 404 });
  },
};
