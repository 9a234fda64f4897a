// Test Worker for tests/workerd/kv-races.test.js: Workers KV sessions, with a request's store call still on its way
// when another request of the isolate logs the session out or evicts it (js/recent-deletes.js).
import { createWorkersKVSessionStorage } from 'edge-session';

const storages = new WeakMap();
function storageOf(env, userKey) {
  let byKey = storages.get(env.KV);
  if (byKey === undefined) storages.set(env.KV, (byKey = new Map()));
  const key = userKey ?? '';
  if (!byKey.has(key)) {
    const cookie = { name: '__session', secrets: [env.SESSION_SECRET], maxAge: 3600 };
    byKey.set(key, createWorkersKVSessionStorage({ cookie, kv: env.KV, ...(userKey ? { userKey, keyPrefix: 'users:' } : {}) }));
  }
  return byKey.get(key);
}

async function signIn(storage, user) {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return (await storage.commitSession(session)).split(';')[0];
}

const userOf = async (storage, header) => (await storage.getSession(header)).get('userId') ?? null;

/** A request's read is sent (its KV get on its way) and the logout made meanwhile; then that request commits. */
async function readInFlight(env) {
  const storage = storageOf(env);
  const header = await signIn(storage, 'ann');
  const logout = await storage.getSession(header);
  const pending = storage.getSession(header);
  await storage.destroySession(logout);
  const late = await pending;
  const readSaw = late.get('userId') ?? null;
  late.set('seen', true);
  const answer = await storage.commitSession(late);
  return { readSaw, refused: /Max-Age=0/.test(answer), userAfter: await userOf(storage, header) };
}

/** A commit's KV put is sent, the logout made meanwhile (its delete in line behind the put). */
async function writeInFlight(env) {
  const storage = storageOf(env);
  const header = await signIn(storage, 'ann');
  const page = await storage.getSession(header);
  page.set('step', 1);
  const committing = storage.commitSession(page);
  const logout = await storage.getSession(header);
  const [answer] = await Promise.all([committing, storage.destroySession(logout)]);
  return { refused: /Max-Age=0/.test(answer), userAfter: await userOf(storage, header) };
}

/** A request of the least recently seen device is under way when the user's 101st sign-in evicts that device. */
async function evictedInFlight(env) {
  const storage = storageOf(env, 'userId');
  const user = `user-${crypto.randomUUID()}`;
  const oldest = await signIn(storage, user);
  for (let i = 1; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2)); // each seen later than the one before
    await signIn(storage, user);
  }
  const slow = await storage.getSession(oldest);
  await signIn(storage, user); // one too many: the oldest ends
  const evicted = (await userOf(storage, oldest)) === null;
  slow.set('seen', true);
  await storage.commitSession(slow);
  return { evicted, userAfter: await userOf(storage, oldest), listed: (await storage.listUserSessions(user)).length };
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/read-in-flight') return Response.json(await readInFlight(env));
    if (pathname === '/write-in-flight') return Response.json(await writeInFlight(env));
    if (pathname === '/evicted-in-flight') return Response.json(await evictedInFlight(env));
    return new Response('Not found\n', { status: 404 });
  },
};
