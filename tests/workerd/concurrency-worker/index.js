// Test Worker for tests/workerd/kv-twins-stall.test.js (made for a seeded randomized concurrency run over the three
// storages, whose finding that test pins): /<store>/<action>, store one of do, kv, cookie. Every answer is
// JSON of what the handler saw (the ID it read, the user, the counter and its lineage) and what it did.
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  SessionDurableObject,
  withSession,
} from 'edge-session';

export { SessionDurableObject };

const USER_KEY = 'userId';
const cookie = (env, name) => ({ name, secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 3600 });
const FACTORIES = {
  do: (env) => createDurableObjectSessionStorage({ cookie: cookie(env, 'do'), namespace: env.SESSIONS_DO, userKey: USER_KEY, leaseTimeout: Number(env.LEASE_TIMEOUT ?? 10_000) }),
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookie(env, 'kv'), kv: env.KV, userKey: USER_KEY }),
  cookie: (env) => createCookieSessionStorage({ cookie: cookie(env, 'ck'), userKey: USER_KEY, revocation: { namespace: env.SESSIONS_DO, keyPrefix: 'ck:' } }),
};

const storages = new Map(); // store -> storage, one per isolate (env is one object per isolate here)
function storageOf(env, store) {
  if (!storages.has(store)) storages.set(store, FACTORIES[store](env));
  return storages.get(store);
}

const handlers = new Map();
for (const store of Object.keys(FACTORIES)) {
  handlers.set(store, withSession((env) => storageOf(env, store), (request, context) => act(store, request, context)));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function act(store, request, { session, env }) {
  const url = new URL(request.url);
  const action = url.pathname.split('/')[2];
  const delay = Number(url.searchParams.get('delay') ?? 0);
  const storage = storageOf(env, store);
  const seen = {
    readId: session.id,
    user: session.get(USER_KEY) ?? null,
    counter: session.get('counter') ?? 0,
    lineage: session.get('lineage') ?? null,
    flash: session.getFlash('msg') ?? null,
  };
  if (delay) await sleep(delay);
  const out = { ...seen, action };
  switch (action) {
    case 'state':
      break;
    case 'signin': {
      await session.regenerateId(true);
      session.set(USER_KEY, url.searchParams.get('user'));
      break;
    }
    case 'setuser': {
      // A sign-in with no regenerateId() of its own (the app relies on the switch of user, or on a fresh session).
      session.set(USER_KEY, url.searchParams.get('user'));
      break;
    }
    case 'inc': {
      if (session.get('lineage') === undefined) session.set('lineage', crypto.randomUUID());
      out.lineage = session.get('lineage');
      out.counter = (session.get('counter') ?? 0) + 1;
      session.set('counter', out.counter);
      break;
    }
    case 'flash':
      session.flash('msg', url.searchParams.get('v'));
      break;
    case 'logout':
      session.destroy();
      break;
    case 'logout-others': {
      if (seen.user === null) { out.noUser = true; break; }
      out.ended = await storage.revokeUserSessions(seen.user, { except: session });
      await session.regenerateId(true);
      break;
    }
    case 'revoke-all': {
      if (seen.user === null) { out.noUser = true; break; }
      out.ended = await storage.revokeUserSessions(seen.user);
      session.destroy();
      break;
    }
    case 'list': {
      const user = url.searchParams.get('user') ?? seen.user;
      if (user === null) { out.noUser = true; break; }
      out.listed = (await storage.listUserSessions(user, { current: session })).map(({ id, current }) => ({ id, current: !!current }));
      break;
    }
    default:
      return new Response('Not found\n', { status: 404 });
  }
  return Response.json(out);
}

export default {
  async fetch(request, env, ctx) {
    const store = new URL(request.url).pathname.split('/')[1];
    const handler = handlers.get(store);
    if (!handler) return new Response('Not found\n', { status: 404 });
    return handler(request, env, ctx);
  },
};
