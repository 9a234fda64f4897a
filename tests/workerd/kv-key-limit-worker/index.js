// Test Worker for tests/workerd/kv-key-limit.test.js: a KV storage made with the keyPrefix a request names
// (`?bytes=N`: N ASCII bytes; `&user=1`: with userKey), which signs a user in, lists, revokes and signs out.
import { createWorkersKVSessionStorage } from 'edge-session';

function storageOf(env, bytes, withUser) {
  const cookie = { name: '__session', secrets: [env.SESSION_SECRET], maxAge: 3600 };
  return createWorkersKVSessionStorage({ cookie, kv: env.KV, keyPrefix: 'p'.repeat(bytes), ...(withUser ? { userKey: 'userId' } : {}) });
}

async function lifecycle(storage, withUser) {
  const session = await storage.getSession(null);
  session.set('userId', 'ann');
  const header = (await storage.commitSession(session)).split(';')[0];
  const read = await storage.getSession(header);
  const seen = read.get('userId') ?? null;
  const listed = withUser ? (await storage.listUserSessions('ann')).length : null;
  const revoked = withUser ? await storage.revokeUserSessions('ann') : null;
  await storage.destroySession(read);
  return { seen, listed, revoked };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const withUser = url.searchParams.has('user');
    let storage;
    try {
      storage = storageOf(env, Number(url.searchParams.get('bytes')), withUser);
    } catch (error) {
      return Response.json({ refused: `${error.name}: ${error.message}` });
    }
    return Response.json(await lifecycle(storage, withUser));
  },
};
