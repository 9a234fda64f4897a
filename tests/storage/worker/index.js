// Test Worker for the KV and Durable Object session storages. Routes are /<store>/<action>:
//   stores:  kv, do (maxAge 1 h) · kv-short, do-short (maxAge 1 s) · do-lease (1 s lease timeout)
//   actions: GET session · POST set?key=&value= · POST incr · POST regenerate · POST destroy
//            GET raw?id= (what the backend holds for an ID, bypassing the session layer)
//            GET inspect?id= (do* only: the object's storage key count and alarm, without a lease)
//            GET abandon (do-lease only: reads the session and never releases it, like a crashed request)
//            GET lease-race?id= (do-lease only: a lapsed lease's late write must fail)
// Every session response is JSON: { id, data }.
import {
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  SessionDurableObject as ShippedSessionDurableObject,
  withSession,
} from 'edge-session';

/** The shipped class plus one probe: what the object holds, seen without taking a lease. */
export class SessionDurableObject extends ShippedSessionDurableObject {
  async inspect() {
    return { keys: (await this.ctx.storage.list()).size, alarm: await this.ctx.storage.getAlarm() };
  }
}

const HOUR = 3600;
const LEASE_TIMEOUT_MS = 1000;

function cookieOptions(env, maxAge) {
  return { name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, maxAge };
}

const STORAGES = {
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookieOptions(env, HOUR), kv: env.SESSIONS_KV }),
  'kv-short': (env) => createWorkersKVSessionStorage({ cookie: cookieOptions(env, 1), kv: env.SESSIONS_KV }),
  do: (env) => createDurableObjectSessionStorage({ cookie: cookieOptions(env, HOUR), namespace: env.SESSIONS_DO }),
  'do-short': (env) => createDurableObjectSessionStorage({ cookie: cookieOptions(env, 1), namespace: env.SESSIONS_DO }),
  'do-lease': (env) =>
    createDurableObjectSessionStorage({
      cookie: cookieOptions(env, HOUR),
      namespace: env.SESSIONS_DO,
      leaseTimeout: LEASE_TIMEOUT_MS,
    }),
};

const json = (value, init) => Response.json(value, init);

function sessionJson(session) {
  return json({ id: session.id, data: session.destroyed ? null : session.data });
}

async function sessionAction(request, { session }) {
  const url = new URL(request.url);
  const action = url.pathname.split('/')[2];
  switch (`${request.method} ${action}`) {
    case 'GET session':
      return sessionJson(session);
    case 'POST set':
      session.set(url.searchParams.get('key'), JSON.parse(url.searchParams.get('value')));
      return sessionJson(session);
    case 'POST incr':
      session.set('count', (session.get('count') ?? 0) + 1);
      return sessionJson(session);
    case 'POST regenerate':
      session.regenerateId(true);
      return sessionJson(session);
    case 'POST destroy':
      session.destroy();
      return sessionJson(session);
    default:
      return json({ error: 'not found' }, { status: 404 });
  }
}

// One storage and one withSession handler per store and env (withSession caches by env too).
const handlers = Object.fromEntries(Object.entries(STORAGES).map(([name, factory]) => [name, withSession(factory, sessionAction)]));
const storages = new WeakMap();
function storageFor(name, env) {
  let byName = storages.get(env);
  if (!byName) storages.set(env, (byName = {}));
  return (byName[name] ??= STORAGES[name](env));
}

/** What the backend holds for an ID: the KV value, metadata and expiration; or the DO's record. */
async function raw(store, id, env) {
  if (store.startsWith('kv')) {
    const key = `session:${id}`;
    const { value, metadata } = await env.SESSIONS_KV.getWithMetadata(key);
    const listed = (await env.SESSIONS_KV.list({ prefix: key })).keys.find((k) => k.name === key);
    return { value, metadata, expiration: listed?.expiration ?? null, now: Date.now() };
  }
  const stub = env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(id));
  const found = await stub.read();
  if (found) await stub.release(found.token);
  return { value: found?.record ?? null };
}

/** Two leases on one session: the second waits for the first to lapse; the first's late write then fails. */
async function leaseRace(id, env) {
  const stub = env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(id));
  const started = Date.now();
  const first = await stub.read(LEASE_TIMEOUT_MS);
  const second = await stub.read(LEASE_TIMEOUT_MS); // waits: the first is never released
  const waitedMs = Date.now() - started;
  let lateWriteError = null;
  try {
    await stub.write(first.token, '{"late":true}', null);
  } catch (error) {
    lateWriteError = String(error?.message ?? error);
  }
  await stub.write(second.token, second.record, null);
  const after = await stub.read(LEASE_TIMEOUT_MS);
  await stub.release(after.token);
  return { waitedMs, lateWriteError, sameToken: first.token === second.token, record: after.record };
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const [, store, action] = url.pathname.split('/');
    if (!Object.hasOwn(STORAGES, store)) return json({ error: 'unknown store' }, { status: 404 });
    if (action === 'raw') return json(await raw(store, url.searchParams.get('id'), env));
    if (store.startsWith('do') && action === 'inspect') {
      const id = url.searchParams.get('id');
      return json({ ...(await env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(id)).inspect()), now: Date.now() });
    }
    if (store === 'do-lease' && action === 'lease-race') return json(await leaseRace(url.searchParams.get('id'), env));
    if (store === 'do-lease' && action === 'abandon') {
      // A request that read its session and died before committing: nothing releases the lease.
      const session = await storageFor(store, env).getSession(request.headers.get('Cookie'));
      const id = session.id;
      session.dispose();
      return json({ id });
    }
    return handlers[store](request, env, ctx);
  },
};
