// Test Worker for tests/workerd/ops-faults.test.js: the real Durable Object namespace, its stubs wrapped in a Proxy
// that can fail a named call (as an overloaded object or a lost connection do) and counts the calls. Routes /<store>/<action>; /faults/arm?target=do.release&times=1&message=...; /faults/count.
import { DurableObject } from 'cloudflare:workers';
import { createDurableObjectSessionStorage, createSessionStorage, SessionDurableObject as LibraryObject, withSession } from 'edge-session';

/** An app's own Durable Object, which the 'wrong-class' store is bound to by mistake. */
export class CartObject extends DurableObject {}

export class SessionDurableObject extends LibraryObject {
  /** What the object holds: its storage's keys and its alarm. */
  async dump() {
    return { keys: [...(await this.ctx.storage.list()).keys()], alarm: await this.ctx.storage.getAlarm() };
  }
}

const faults = new Map(); // "do.release" | "kv.put" ... -> { times, message }
let counts = {};
function hit(target) {
  counts[target] = (counts[target] ?? 0) + 1;
  const fault = faults.get(target);
  if (fault && fault.times > 0) {
    fault.times--;
    throw new Error(fault.message);
  }
}

function faultyStub(stub) {
  return new Proxy(stub, {
    get(target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (...args) => {
        hit(`do.${name}`);
        return target[name](...args);
      };
    },
  });
}
const faultyNamespaces = new WeakMap();
function faultyNamespace(namespace) {
  let wrapped = faultyNamespaces.get(namespace);
  if (!wrapped) {
    wrapped = {
      idFromName: (name) => namespace.idFromName(name),
      get: (id) => faultyStub(namespace.get(id)),
    };
    faultyNamespaces.set(namespace, wrapped);
  }
  return wrapped;
}
const cookie = { name: '__session', secrets: ['ops-faults-secret-91c2'], maxAge: 3600 };
const FACTORIES = {
  do: (env) => createDurableObjectSessionStorage({ cookie, namespace: faultyNamespace(env.SESSIONS_DO), leaseTimeout: 1000 }),
  // With userKey over the same namespace: sessions the 'do' store wrote with a user (no sign-in time) read as unlisted.
  'do-user': (env) => createDurableObjectSessionStorage({ cookie, namespace: faultyNamespace(env.SESSIONS_DO), leaseTimeout: 4000, userKey: 'userId' }),
  'do-short': (env) => createDurableObjectSessionStorage({ cookie: { ...cookie, maxAge: 2 }, namespace: faultyNamespace(env.SESSIONS_DO) }),
  'wrong-class': (env) => createDurableObjectSessionStorage({ cookie, namespace: env.CARTS }),
};
const storages = new WeakMap();
function storageFor(name, env) {
  let byName = storages.get(env);
  if (!byName) storages.set(env, (byName = {}));
  return (byName[name] ??= FACTORIES[name](env));
}

async function action(request, { session }) {
  const url = new URL(request.url);
  const name = url.pathname.split('/')[2];
  const q = (key) => url.searchParams.get(key);
  const state = (extra = {}) => Response.json({ id: session.id, user: session.destroyed ? null : (session.get('userId') ?? null), count: session.destroyed ? null : (session.get('count') ?? null), ...extra });
  switch (name) {
    case 'me':
      return state();
    case 'incr':
      session.set('count', (session.get('count') ?? 0) + 1);
      return state();
    case 'sign':
      session.set('userId', q('user'));
      return state();
    case 'regenerate':
      session.regenerateId(); // without true: the old record stays, and its lease is given back after the write
      return state();
    default:
      return Response.json({ error: 'not found' }, { status: 404 });
  }
}

const handlers = Object.fromEntries(
  Object.keys(FACTORIES).map((name) => [name, withSession((env) => storageFor(name, env), action)]),
);

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const [, first, second] = url.pathname.split('/');
    if (first === 'faults') {
      if (second === 'arm') faults.set(url.searchParams.get('target'), { times: Number(url.searchParams.get('times') ?? 1), message: url.searchParams.get('message') ?? 'injected' });
      if (second === 'clear') faults.clear();
      const answer = Response.json(counts);
      if (second === 'count') counts = {};
      return answer;
    }
    if (first === 'wrong-class-commit') {
      // A commit by hand through the storage bound to the app's own class: what its error says.
      const storage = storageFor('wrong-class', env);
      const session = await storage.getSession(null);
      session.set('count', 1);
      return storage.commitSession(session).then(() => new Response('committed'), (error) => new Response(`${error?.name}: ${error?.message}`, { status: 599 }));
    }
    if (first === 'own-backend-commit') {
      // createSessionStorage over the app's own Durable Object (CartObject here), whose RPC method the app misnamed:
      // what the storage's error says (adversarial pass over the wrong-class hint).
      const storage = createSessionStorage({
        cookie,
        createData: (data) => env.CARTS.get(env.CARTS.idFromName('carts')).saveCart(data),
        readData: () => null,
        updateData: () => {},
        deleteData: () => {},
      });
      const session = await storage.getSession(null);
      session.set('count', 1);
      return storage.commitSession(session).then(() => new Response('committed'), (error) => new Response(`${error?.name}: ${error?.message}`, { status: 599 }));
    }
    if (first === 'dump') return Response.json(await env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(url.searchParams.get('name'))).dump());
    const handler = handlers[first];
    if (!handler) return Response.json({ error: 'no such store' }, { status: 404 });
    try {
      return await handler(request, env, ctx);
    } catch (error) {
      return new Response(`uncaught: ${error?.name}: ${error?.message}`, { status: 599 });
    }
  },
};
