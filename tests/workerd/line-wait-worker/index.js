// Test Worker for tests/workerd/durable-object-line-wait-bounded.test.js: a session's lease held past the line's
// bound. Its leaseTimeout is a minute, so only the line's own bound (30 s, README "Durable Objects") ends a wait.
//   POST /sign-in   a session written (its cookie answered)
//   GET  /hold      reads the session by hand and leaves it open: its lease stays held until leaseTimeout
//   GET  /visit     withSession: waits in the session's line behind the holder
import { createDurableObjectSessionStorage, withSession } from 'edge-session';

export { SessionDurableObject } from 'edge-session';

const storageOf = (env) =>
  createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, namespace: env.SESSIONS_DO, leaseTimeout: 60_000 });
const storages = new WeakMap();
const storageFor = (env) => storages.get(env) ?? storages.set(env, storageOf(env)).get(env);

const visit = withSession(storageFor, (request, { session }) => {
  if (request.method === 'POST') session.set('user', 'ada');
  return Response.json({ user: session.get('user') ?? null });
});

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/hold') {
      const session = await storageFor(env).getSession(request.headers.get('Cookie'));
      return Response.json({ held: session.get('user') ?? null }); // never disposed: the lease is kept
    }
    return visit(request, env, ctx);
  },
};
