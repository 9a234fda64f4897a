// Test Worker for tests/workerd/storages-agree.test.js: POST /run { kind, lifetime, seed, steps } runs the
// storages-agree model's steps of that seed on a fresh storage of `kind` (kv, do, memory, cookie-kv, cookie-do)
// and answers the records. The clock is Date.now, set by the model between steps (the isolate's Durable Objects
// read the same Date.now: they run in this isolate locally).
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createMemorySessionStorage,
  createWorkersKVSessionStorage,
  SessionDurableObject,
  withSession,
} from 'edge-session';
import { genSteps, handle, lifetimeOf, runSteps, USER_KEY } from '../../js/storages-agree-model.js';

export { SessionDurableObject };

const T0 = Date.UTC(2031, 0, 1);
let runs = 0;
const realNow = Date.now;

function makeStorage(env, kind, lifetime, prefix) {
  const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], ...lifetime.cookie };
  const options = { ...lifetime, cookie, userKey: USER_KEY };
  switch (kind) {
    case 'kv':
      return { storage: createWorkersKVSessionStorage({ ...options, kv: env.SESSIONS_KV, keyPrefix: prefix }), serverSide: true };
    case 'do':
      return { storage: createDurableObjectSessionStorage({ ...options, namespace: env.SESSIONS_DO, keyPrefix: prefix }), serverSide: true };
    case 'memory':
      return { storage: createMemorySessionStorage(options), serverSide: true };
    case 'cookie-kv':
      return { storage: createCookieSessionStorage({ ...options, revocation: { kv: env.SESSIONS_KV, keyPrefix: prefix } }), serverSide: false };
    case 'cookie-do':
      return { storage: createCookieSessionStorage({ ...options, revocation: { namespace: env.SESSIONS_DO, keyPrefix: prefix } }), serverSide: false };
  }
  throw new Error(kind);
}

async function run(env, ctx, { kind, lifetime, seed, steps, list, clock }) {
  const t0 = T0 + ++runs * 86_400_000;
  const { storage, serverSide } = makeStorage(env, kind, lifetimeOf(lifetime, t0), `r${crypto.randomUUID()}:`);
  const fetch = withSession(storage, (request, context) => handle(request, { ...context, storage }));
  let now = t0;
  Date.now = () => now;
  try {
    return await runSteps(list ?? genSteps(seed, steps), { fetch: (request) => fetch(request, env, { waitUntil: (p) => ctx.waitUntil(p), passThroughOnException() {} }), storage, serverSide, t0, setNow: (ms) => (now = ms), clock });
  } finally {
    Date.now = realNow;
  }
}

export default {
  async fetch(request, env, ctx) {
    if (request.method === 'POST' && new URL(request.url).pathname === '/run') return Response.json(await run(env, ctx, await request.json()));
    return new Response('not found', { status: 404 });
  },
};
