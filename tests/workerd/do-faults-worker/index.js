// Test Worker for tests/workerd/durable-object-faults.test.js: the Durable Object storage under faults, routes
// /<store>/<action>. Stores: `do` (userKey), `do-short` (userKey, leaseTimeout 300 ms).
import { createDurableObjectSessionStorage, SessionDurableObject as LibraryObject, withSession } from 'edge-session';

/** The library's object, with one fault a test can arm: its next `times` revoke() calls fail (an overloaded object). */
export class SessionDurableObject extends LibraryObject {
  async armRevokeFailure(times = 1) {
    this.failRevokes = times;
  }

  async revoke() {
    if (this.failRevokes > 0) {
      this.failRevokes--;
      throw new Error('injected: Durable Object overloaded');
    }
    return super.revoke();
  }

  /** The user index this object keeps, as stored (a user's object). */
  async storedIndex() {
    return (await this.ctx.storage.get('user-index')) ?? null;
  }
}

async function userDigest(userId) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(userId)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const cookie = { name: '__session', secrets: ['do-faults-secret-5e1b'], maxAge: 3600 };
const FACTORIES = {
  do: (env) => createDurableObjectSessionStorage({ cookie, namespace: env.SESSIONS_DO, userKey: 'userId' }),
  'do-short': (env) => createDurableObjectSessionStorage({ cookie, namespace: env.SESSIONS_DO, userKey: 'userId', leaseTimeout: 300 }),
};

const storages = new WeakMap(); // env -> { store name -> storage }
function storageFor(name, env) {
  let byName = storages.get(env);
  if (!byName) storages.set(env, (byName = {}));
  return (byName[name] ??= FACTORIES[name](env));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function action(request, { session, env }, storage) {
  const url = new URL(request.url);
  const name = url.pathname.split('/')[2];
  const q = (key) => url.searchParams.get(key);
  const state = (extra = {}) => Response.json({ user: session.destroyed ? null : (session.get('userId') ?? null), id: session.id, count: session.destroyed ? null : (session.get('count') ?? null), ...extra });
  if (q('ms')) await sleep(Number(q('ms'))); // a slow request: its lease may lapse
  switch (name) {
    case 'login':
      session.set('userId', q('user'));
      return state();
    case 'me':
      return state();
    case 'incr':
      session.set('count', (session.get('count') ?? 0) + 1);
      return state();
    case 'regen':
      session.regenerateId(true);
      session.set('count', (session.get('count') ?? 0) + 1);
      return state();
    case 'logout':
      session.destroy();
      return state();
    case 'list':
      return Response.json(await storage.listUserSessions(q('user')));
    case 'revoke':
      try {
        return state({ ended: await storage.revokeUserSessions(q('user'), q('except') ? { except: session } : {}) });
      } catch (error) {
        return state({ error: String(error?.message ?? error) });
      }
    case 'keep-dispose': {
      // "Sign out of my other devices", then done with the session (dispose()) while slow work goes on.
      const ended = await storage.revokeUserSessions(q('user'), { except: session });
      session.dispose();
      await sleep(Number(q('after') ?? 0));
      return Response.json({ ended });
    }
    case 'arm-revoke-failure':
      await env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(q('id'))).armRevokeFailure(Number(q('times') ?? 1));
      return state();
    case 'index':
      return Response.json(await env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(`user:${await userDigest(q('user'))}`)).storedIndex());
    default:
      return Response.json({ error: 'not found' }, { status: 404 });
  }
}

const handlers = Object.fromEntries(
  Object.keys(FACTORIES).map((name) => [name, withSession((env) => storageFor(name, env), (request, context) => action(request, context, storageFor(name, context.env)))]),
);

export default {
  fetch(request, env, ctx) {
    const handler = handlers[new URL(request.url).pathname.split('/')[1]];
    return handler ? handler(request, env, ctx) : Response.json({ error: 'no such store' }, { status: 404 });
  },
};
