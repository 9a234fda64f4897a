// One Worker, two tenants (tests/workerd/tenants-one-binding.test.js): /<store>/<tenant>/..., the same code for both,
// so the same cookie (name, secret) and userKey; each tenant's own keyPrefix over the shared KV or Durable Object
// namespace, as README's "Two apps over one binding" says (user IDs are each tenant's own).
import { createDurableObjectSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';

export { SessionDurableObject } from 'edge-session';

const cookie = { name: '__session', secrets: ['one-secret-of-the-worker-0123456789'], httpOnly: true };

function storageOf(store, tenant, env) {
  const keyPrefix = `${tenant}:`;
  if (store === 'do') return createDurableObjectSessionStorage({ cookie, userKey: 'userId', keyPrefix, namespace: env.SESSIONS_DO });
  if (store === 'kv') return createWorkersKVSessionStorage({ cookie, userKey: 'userId', keyPrefix, kv: env.SESSIONS_KV });
  throw new Error(`no store ${store}`);
}

const handlers = new Map();
function handlerOf(store, tenant) {
  const key = `${store}/${tenant}`;
  if (!handlers.has(key)) {
    const storages = new WeakMap();
    const storageFor = (env) => {
      if (!storages.has(env)) storages.set(env, storageOf(store, tenant, env));
      return storages.get(env);
    };
    handlers.set(key, withSession(storageFor, async (request, { session }) => {
      const { pathname, searchParams } = new URL(request.url);
      const action = pathname.split('/')[3];
      if (action === 'login') {
        session.regenerateId(true);
        session.set('userId', searchParams.get('user'));
        return Response.json({ user: searchParams.get('user') });
      }
      if (action === 'me') return Response.json({ user: session.get('userId') ?? null });
      return new Response('Not found\n', { status: 404 });
    }));
  }
  return handlers.get(key);
}

export default {
  fetch(request, env, ctx) {
    const [, store, tenant] = new URL(request.url).pathname.split('/');
    if (tenant !== 'acme' && tenant !== 'globex') return new Response('Not found\n', { status: 404 });
    return handlerOf(store, tenant)(request, env, ctx);
  },
};
