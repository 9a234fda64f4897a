// Test Worker for tests/workerd/user-index-model.test.js: POST /run { seed, steps } runs the users' index model's
// script of that seed on a fresh Durable Object storage with userKey, and answers { failures, trace }: when one
// failed, the trace of the smallest failing script and what it broke (`shrink: false` skips that, for a search of
// seeds). The model is the Node suite's own file, bundled here.
import { createDurableObjectSessionStorage, SessionDurableObject } from 'edge-session';
import { COOKIE, genScript, runScript, shrink } from '../../js/user-index-model.js';

export { SessionDurableObject };

/**
 * In a sequential step a twin's open waits in line behind the other twin's lease, which its request may give back
 * only later in the step: the lease lapses instead (that request's next commit is refused). Well under the default
 * 10 s, so a run takes seconds; under openTimeout (1 s), so the open waits in line rather than failing SESSION_OPEN.
 */
const LEASE_TIMEOUT_MS = 200;

/**
 * A factory of fresh storages on `env.SESSIONS_DO`. The model's users are the same names in every run: each storage
 * names its objects under a prefix of its own, so no run lists or revokes another run's sessions (session IDs are
 * random; the users' index objects, `user:<digest>`, would be shared).
 */
const freshStorages = (env) => () => {
  const prefix = `${crypto.randomUUID()}/`;
  const namespace = { idFromName: (name) => env.SESSIONS_DO.idFromName(prefix + name), get: (id) => env.SESSIONS_DO.get(id) };
  return createDurableObjectSessionStorage({ cookie: COOKIE, namespace, userKey: 'userId', leaseTimeout: LEASE_TIMEOUT_MS });
};

const IN_LINE = { requestsInLine: true }; // Durable Objects serialise a session's requests

async function run(env, { seed, steps, shrink: shrinking = true }) {
  const newStorage = freshStorages(env);
  const script = genScript(seed, steps);
  const { failures, trace } = await runScript(script, newStorage, IN_LINE);
  if (failures.length === 0 || !shrinking) return { failures, trace };
  const smallest = await shrink(script, newStorage, failures[0].inv, IN_LINE);
  const small = await runScript(smallest, newStorage, IN_LINE);
  return { failures, trace: [...small.trace, ...small.failures.map((found) => `${found.inv}: ${found.detail}`)] };
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/run') return Response.json(await run(env, await request.json()));
    return new Response('not found', { status: 404 });
  },
};
