// Test Worker for tests/workerd/leak.test.js and hung-requests-memory.test.js: Post/Redirect/Get through withSession
// with each storage, sessions read and never committed nor disposed (/unfreed), requests that never end (/hang), plus
// a probe of the WASM core (live sessions, linear memory size). The probe imports the package's own
// loader by path: the bundle resolves 'edge-session' to the same js/ files, so it sees the same instance.
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  withSession,
} from 'edge-session';
import { loadCore } from '../../../js/loader.js';

export { SessionDurableObject } from 'edge-session';

const cookie = (env) => ({ name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 3600 });
const STORAGES = {
  cookie: (env) => createCookieSessionStorage({ cookie: cookie(env) }),
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookie(env), kv: env.SESSIONS_KV }),
  do: (env) => createDurableObjectSessionStorage({ cookie: cookie(env), namespace: env.SESSIONS_DO }),
};

async function prg(request, { session }) {
  const url = new URL(request.url);
  if (url.pathname.endsWith('/throw')) {
    session.set('doomed', true);
    throw new Error('handler failed on purpose');
  }
  if (request.method === 'POST') {
    session.set('user', { id: 42, name: 'Ada Lovelace', roles: ['admin', 'editor'] });
    session.set('count', (session.get('count') ?? 0) + 1);
    session.flash('notice', 'Saved!');
    return Response.redirect(new URL(url.pathname, url), 303);
  }
  return Response.json({ count: session.get('count') ?? 0, notice: session.get('notice') ?? null });
}

const handlers = Object.fromEntries(Object.entries(STORAGES).map(([name, factory]) => [name, withSession(factory, prg)]));

// A request whose handler never settles, as one whose client went away while it awaited I/O: workerd cancels it, and
// withSession's `finally` never runs (tests/workerd/hung-requests-memory.test.js).
const hang = withSession(STORAGES.cookie, async (request, { session }) => {
  for (let i = 0; i < 40; i++) session.set(`key${i}`, `value number ${i}`);
  await new Promise(() => {});
});

// A loader's way outside withSession: `reads` sessions of a 40-key cookie read and dropped, never committed nor
// disposed (the audit of unfreed sessions). The cookie is written once, by the first request.
let unfreedCookie;
async function readUnfreed(request, env) {
  const storage = STORAGES.cookie(env);
  if (unfreedCookie === undefined) {
    const seed = await storage.getSession(null);
    for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
    unfreedCookie = (await storage.commitSession(seed)).split(';')[0];
  }
  const reads = Number(new URL(request.url).searchParams.get('reads'));
  for (let i = 0; i < reads; i++) {
    const session = await storage.getSession(unfreedCookie);
    if (session.get('key7') !== 'value number 7') return new Response('wrong value', { status: 500 });
  }
  return new Response('ok');
}

export default {
  async fetch(request, env, ctx) {
    const store = new URL(request.url).pathname.split('/')[1];
    if (store === 'core') {
      const core = await loadCore();
      return Response.json({ live: core.liveSessionCount(), memory: core.module.HEAP8.buffer.byteLength });
    }
    if (store === 'unfreed') return readUnfreed(request, env);
    if (store === 'hang') return hang(request, env, ctx);
    const handler = handlers[store];
    if (!handler) return new Response('not found', { status: 404 });
    try {
      return await handler(request, env, ctx);
    } catch (error) {
      return new Response(String(error.message), { status: 500 });
    }
  },
};
