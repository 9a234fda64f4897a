// Test Worker for the KV and Durable Object session storages. Routes are /<store>/<action>:
//   stores:  kv, do (maxAge 1 h) · kv-short, do-short (maxAge 1 s) · do-lease (1 s lease timeout)
//            kv-far-<span>, do-far-<span> (far-future expiries: FAR_EXPIRIES)
//   actions: GET session · POST set?key=&value= · POST incr · POST regenerate · POST destroy
//            GET raw?id= (what the backend holds for an ID, bypassing the session layer)
//            GET inspect?id= (do* only: the object's storage key count and alarm, without a lease)
//            GET abandon (do-lease only: reads the session and never releases it, like a crashed request)
//            GET lease-race?id= (do-lease only: a lapsed lease's late write must fail)
//            POST logout-idiom (withSession; returns destroySession's header without destroy(), on a dirty session)
//            POST commit-self (withSession; commits twice itself and returns the first Set-Cookie)
//            POST incr-commit (withSession; the handler commits itself, as a React Router action does)
//            GET loader, GET loader-using (getSession without withSession: read, dispose / `using`)
//            POST commit-twice?pause=&then=destroy (getSession, commit, wait, change and commit again, or destroy)
//            GET double-open (getSession twice without disposing; the second's time and error)
//            GET dispose-reopen (getSession, dispose, getSession at once; commits the second)
//            GET hold?ms= (getSession, hold it ms, dispose: a slow request of the session)
// Every session response is JSON: { id, data }.
import {
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  SessionDurableObject as ShippedSessionDurableObject,
} from 'edge-session';
import { storagesByName } from '../storages-by-name.js';

/**
 * The shipped class plus one probe: what the object holds, seen without taking a lease, and how many reads are in
 * it (waiting in its line, or loading), so a test sends the next request only once the last is in line.
 */
export class SessionDurableObject extends ShippedSessionDurableObject {
  #reading = 0;

  async read(...args) {
    this.#reading++;
    try {
      return await super.read(...args);
    } finally {
      this.#reading--;
    }
  }

  async inspect() {
    return { keys: (await this.ctx.storage.list()).size, alarm: await this.ctx.storage.getAlarm(), reading: this.#reading };
  }
}

const HOUR = 3600;
const LEASE_TIMEOUT_MS = 1000;

function cookieOptions(env, maxAge, name = '__session') {
  return { name, secrets: [env.SESSION_SECRET], httpOnly: true, maxAge };
}

const STORAGES = {
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookieOptions(env, HOUR), kv: env.SESSIONS_KV }),
  'kv-short': (env) => createWorkersKVSessionStorage({ cookie: cookieOptions(env, 1), kv: env.SESSIONS_KV }),
  do: (env) => createDurableObjectSessionStorage({ cookie: cookieOptions(env, HOUR), namespace: env.SESSIONS_DO }),
  'do-short': (env) => createDurableObjectSessionStorage({ cookie: cookieOptions(env, 1), namespace: env.SESSIONS_DO }),
  // Another cookie's sessions in the same backend, under the same secret (issue 10.5's name binding).
  'kv-other': (env) => createWorkersKVSessionStorage({ cookie: cookieOptions(env, HOUR, '__other'), kv: env.SESSIONS_KV }),
  'do-other': (env) => createDurableObjectSessionStorage({ cookie: cookieOptions(env, HOUR, '__other'), namespace: env.SESSIONS_DO }),
  'do-lease': (env) =>
    createDurableObjectSessionStorage({
      cookie: cookieOptions(env, HOUR),
      namespace: env.SESSIONS_DO,
      leaseTimeout: LEASE_TIMEOUT_MS,
    }),
};

/**
 * Far-future cookie expiries (audit of issue 3): within KV's expirationTtl (400 days: a browser's most), past it
 * (an int32 of seconds, about 68 years), past Durable Object alarms' range (2189), and past Date's range (a maxAge
 * of 8.64e12 s: the session's expiry is an invalid Date).
 */
const FAR_EXPIRIES = {
  '400d': { maxAge: 400 * 24 * HOUR },
  '100y': { maxAge: 100 * 365 * 24 * HOUR },
  '2e40': { maxAge: 2 ** 40 },
  '9999-12-31': { expires: new Date('9999-12-31T23:59:59Z') },
  'past-date-range': { maxAge: 8.64e12 },
};
for (const [span, option] of Object.entries(FAR_EXPIRIES)) {
  const cookie = (env) => ({ ...cookieOptions(env), ...option });
  STORAGES[`kv-far-${span}`] = (env) => createWorkersKVSessionStorage({ cookie: cookie(env), kv: env.SESSIONS_KV });
  STORAGES[`do-far-${span}`] = (env) => createDurableObjectSessionStorage({ cookie: cookie(env), namespace: env.SESSIONS_DO });
}

const json = (value, init) => Response.json(value, init);

function sessionJson(session) {
  return json({ id: session.id, data: session.destroyed ? null : session.data });
}

async function sessionAction(request, { session, storage }) {
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
    case 'POST incr-commit': {
      // A React Router action: it commits and returns the Set-Cookie itself; withSession then finishes the session.
      session.set('count', (session.get('count') ?? 0) + 1);
      const setCookie = await storage.commitSession(session);
      return json({ id: session.id, data: session.data }, { headers: { 'X-Committed': String(Boolean(setCookie)) } });
    }
    case 'POST logout-idiom': {
      // React Router's logout: the handler returns destroySession's header, without destroy(), on a dirty session.
      session.set('seen', true);
      return new Response('bye', { headers: { 'Set-Cookie': await storage.destroySession(session) } });
    }
    case 'POST commit-self': {
      // The handler commits and puts the header on its response itself.
      session.set('count', (session.get('count') ?? 0) + 1);
      const setCookie = await storage.commitSession(session);
      await storage.commitSession(session); // unchanged: writes nothing more
      return new Response(JSON.stringify({ id: session.id }), { headers: { 'Set-Cookie': setCookie } });
    }
    case 'POST regenerate-commit-logout': {
      // A step of a sign-in flow committed by hand under a new ID (the old record kept), then a logout by hand.
      session.regenerateId();
      const headers = new Headers({ 'Set-Cookie': await storage.commitSession(session) });
      headers.append('Set-Cookie', await storage.destroySession(session));
      return new Response('bye', { headers });
    }
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

const { storageFor, handlers } = storagesByName(STORAGES, sessionAction);

const errorJson = (error) => (error ? { name: error.name, code: error.code, message: String(error.message) } : null);

/** Routes that use getSession/commitSession directly, as a React Router loader or action does (no withSession). */
const directRoutes = {
  /** A loader: reads the session and disposes of it. */
  async 'GET loader'(storage, request) {
    const session = await storage.getSession(request.headers.get('Cookie'));
    const body = { id: session.id, data: session.data };
    session.dispose();
    return body;
  },

  /** The same loader with `using`. */
  async 'GET loader-using'(storage, request) {
    using session = await storage.getSession(request.headers.get('Cookie'));
    return { id: session.id, data: session.data };
  },

  /** Commits, waits `pause` ms (another request may write meanwhile), then changes and commits again, or destroys. */
  async 'POST commit-twice'(storage, request, url) {
    const session = await storage.getSession(request.headers.get('Cookie'));
    try {
      session.set('step', 'first');
      await storage.commitSession(session);
      await sleep(Number(url.searchParams.get('pause') ?? 0));
      let secondError = null;
      try {
        if (url.searchParams.get('then') === 'destroy') {
          await storage.destroySession(session);
        } else {
          session.set('step', 'second');
          await storage.commitSession(session);
        }
      } catch (error) {
        secondError = error;
      }
      return { id: session.id, secondError: errorJson(secondError) };
    } finally {
      session.dispose();
    }
  },

  /** Opens the session twice without disposing of the first. */
  async 'GET double-open'(storage, request) {
    const cookie = request.headers.get('Cookie');
    const first = await storage.getSession(cookie);
    const started = Date.now();
    let second = null;
    let error = null;
    try {
      second = await storage.getSession(cookie);
    } catch (caught) {
      error = caught;
    }
    const waitedMs = Date.now() - started;
    const body = { id: first.id, waitedMs, error: errorJson(error), secondId: second?.id ?? null };
    first.dispose();
    second?.dispose();
    return body;
  },

  /** A slow request: holds the session `ms`, then disposes of it. */
  async 'GET hold'(storage, request, url) {
    using session = await storage.getSession(request.headers.get('Cookie'));
    await sleep(Number(url.searchParams.get('ms')));
    return { id: session.id };
  },

  /** Opens the session, disposes of it, opens it again at once and commits a change. */
  async 'GET dispose-reopen'(storage, request) {
    const cookie = request.headers.get('Cookie');
    const first = await storage.getSession(cookie);
    first.dispose();
    const started = Date.now();
    const second = await storage.getSession(cookie);
    const waitedMs = Date.now() - started;
    try {
      second.set('reopened', true);
      await storage.commitSession(second);
      return { id: second.id, waitedMs, data: second.data };
    } finally {
      second.dispose();
    }
  },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
      // A request that read its session and died before committing or disposing: nothing releases the lease.
      const session = await storageFor(store, env).getSession(request.headers.get('Cookie'));
      return json({ id: session.id });
    }
    const direct = directRoutes[`${request.method} ${action}`];
    if (store.startsWith('do') && direct) return json(await direct(storageFor(store, env), request, url));
    return handlers[store](request, env, ctx);
  },
};
