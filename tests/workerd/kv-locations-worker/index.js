// Test Worker for tests/workerd/kv-locations.test.js: the real local KV namespace seen from two "locations", A and
// B, the way deployed Workers KV serves them. Each location reads through its own cache: a value, or a miss (KV
// caches negative lookups too), once fetched is served from there until it is KV_STALE_MS old (60 s deployed,
// cacheTtl's default); a location's own writes and deletes reach its own cache at once, another location's only
// when its cache entry lapses, but a miss it read stays until it lapses, over its own write too (KV's docs: "the
// same delay exists noticing a value is created as when a value is changed"; visibility "takes longer in locations
// which have recently read ... that the key did not exist"). `list` is cached per location alike. Writes and deletes of one key are limited to one
// per second across locations ("429 Too Many Requests", as KV answers). Each location has its own storage objects
// over its own wrapper, so what an isolate notes per binding (recent deletes, lines of writes, revocations made
// here) is per location too, as it is per isolate when deployed.
// Location C keeps its cache longer (KV_STALE_MS_C), past the isolate's 5 s cache of revocations.
// Routes: /<A|B|C>/<action>, the session's cookie in the Cookie header; answers JSON.
import { createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';

const lastWriteOf = new Map(); // key -> ms of its last write or delete, any location
function rateLimited(key) {
  const now = Date.now();
  const last = lastWriteOf.get(key);
  if (last !== undefined && now - last < 1000) throw new Error(`KV PUT failed: 429 Too Many Requests`);
  lastWriteOf.set(key, now);
}

function locationKV(kv, staleMs) {
  const cache = new Map(); // key -> { value, metadata, at }
  const lists = new Map(); // JSON of list options -> { result, at }
  const fresh = (entry) => entry !== undefined && Date.now() - entry.at < staleMs;
  async function getWithMetadata(key) {
    const cached = cache.get(key);
    if (fresh(cached)) return { value: cached.value, metadata: cached.metadata };
    const { value, metadata } = await kv.getWithMetadata(key);
    cache.set(key, { value, metadata: metadata ?? null, at: Date.now() });
    return { value, metadata: metadata ?? null };
  }
  return {
    getWithMetadata,
    async get(key) {
      return (await getWithMetadata(key)).value;
    },
    async put(key, value, options) {
      rateLimited(key);
      await kv.put(key, value, options);
      const cached = cache.get(key);
      if (fresh(cached) && cached.value === null) return; // a miss read here hides this write until it lapses
      cache.set(key, { value, metadata: options?.metadata ?? null, at: Date.now() });
    },
    async delete(key) {
      rateLimited(key);
      await kv.delete(key);
      cache.set(key, { value: null, metadata: null, at: Date.now() });
    },
    async list(options) {
      const name = JSON.stringify(options ?? {});
      const cached = lists.get(name);
      if (fresh(cached)) return cached.result;
      const result = await kv.list(options);
      lists.set(name, { result, at: Date.now() });
      return result;
    },
  };
}

const locations = new Map(); // 'A' | 'B' -> { kv, storages }
function locationOf(name, env) {
  let location = locations.get(name);
  if (location === undefined) {
    const kv = locationKV(env.KV, Number(name === 'C' ? env.KV_STALE_MS_C : env.KV_STALE_MS));
    const cookie = { name: '__session', secrets: ['kv-locations-secret-5e1f'], maxAge: 3600, httpOnly: true };
    location = {
      kv,
      kvStorage: createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }),
      cookieStorage: createCookieSessionStorage({ cookie: { ...cookie, name: '__c' }, userKey: 'userId', revocation: { kv } }),
    };
    locations.set(name, location);
  }
  return location;
}

const setCookieOf = (header) => header.split(';')[0];

async function act(location, action, request, params) {
  const storage = params.get('store') === 'cookie' ? location.cookieStorage : location.kvStorage;
  const session = await storage.getSession(request.headers.get('Cookie'));
  const user = session.get('userId') ?? null;
  switch (action) {
    case 'whoami':
      return { user, n: session.get('n') ?? null };
    case 'sign-in': {
      session.set('userId', params.get('user'));
      session.regenerateId(true);
      return { user: params.get('user'), cookie: setCookieOf(await storage.commitSession(session)) };
    }
    case 'touch': {
      // A page that writes the session (a flash, a counter, a renewal): what a thief's requests can make.
      session.set('n', (session.get('n') ?? 0) + 1);
      const header = await storage.commitSession(session);
      return { user, cookie: setCookieOf(header), refused: /Max-Age=0/.test(header) };
    }
    case 'sign-out-others': {
      // README's password change: "sign out of my other devices", then a new ID for this device.
      const ended = await storage.revokeUserSessions(user, { except: session });
      if (params.get('rotate') !== 'no') session.regenerateId(true);
      return { user, ended, cookie: setCookieOf(await storage.commitSession(session)) };
    }
    case 'sign-out-all': {
      const ended = await storage.revokeUserSessions(params.get('user'));
      return { ended };
    }
    case 'rotate':
      session.regenerateId(true);
      return { user, cookie: setCookieOf(await storage.commitSession(session)) };
    case 'logout':
      return { user, cookie: setCookieOf(await storage.destroySession(session)) };
    case 'list':
      return { sessions: await storage.listUserSessions(params.get('user'), { current: session }) };
    default:
      return undefined;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const [, name, action] = url.pathname.split('/');
    if (name !== 'A' && name !== 'B' && name !== 'C') return new Response('Not found\n', { status: 404 });
    const result = await act(locationOf(name, env), action, request, url.searchParams);
    return result === undefined ? new Response('Not found\n', { status: 404 }) : Response.json(result);
  },
};
