// Test Worker for tests/workerd/do-lifecycle.test.js: the Durable Object storage when the platform resets a
// session's object (a deploy, eviction, ctx.abort(): "code updates ... reset in-memory state") between a request's
// read and its commit. Routes /<store>/<action>; `?reset=1` resets the session's object (ctx.abort(), as a new
// instance after a deploy has it: no lease, no line) after the handler ran and before withSession commits.
import { createCookieSessionStorage, createDurableObjectSessionStorage, SessionDurableObject as LibraryObject, withSession } from 'edge-session';

export class SessionDurableObject extends LibraryObject {
  /** The platform resets this object (a code update, ctx.abort()): its in-memory state (the lease) is gone. */
  async resetNow() {
    this.ctx.abort('test: reset as a code update does');
  }

  /** Fails the next `times` calls of `method` as the platform's errors do (`retryable`/`overloaded`). */
  async armFailure(method, times = 1, kind = 'retryable', ms = 0) {
    (this.failures ??= {})[method] = { times, kind, ms };
  }

  #fail(method) {
    const armed = this.failures?.[method];
    if (!armed || armed.times <= 0 || armed.kind === 'reset-after' || armed.kind === 'reset-before-reply') return;
    armed.times--;
    const error = new Error(`injected: ${armed.kind}`);
    if (armed.kind === 'reset') this.ctx.abort('test: reset mid-call');
    if (armed.kind === 'slow') {
      this.slowCalls = (this.slowCalls ?? 0) + 1; // a test resets another object once this call is under way
      return new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw error;
  }

  async read(...args) {
    this.#fail('read');
    return super.read(...args);
  }

  async write(...args) {
    this.#fail('write');
    const result = await super.write(...args);
    await this.#resetBeforeReply('write');
    return result;
  }

  async remove(...args) {
    this.#fail('remove');
    const result = await super.remove(...args);
    await this.#resetBeforeReply('remove');
    return result;
  }

  /** Armed `reset-before-reply`: the call did its work, then the object resets before it answers (the reply lost). */
  async #resetBeforeReply(method) {
    const armed = this.failures?.[method];
    if (!armed || armed.times <= 0 || armed.kind !== 'reset-before-reply') return;
    armed.times--;
    await this.ctx.storage.sync(); // the work is durable: only the answer is lost
    if (armed.ms) await new Promise((resolve) => setTimeout(resolve, armed.ms)); // others' calls land meanwhile
    this.ctx.abort('test: reset before ' + method + ' answered');
  }

  async userRegister(...args) {
    this.#fail('userRegister');
    const result = await super.userRegister(...args);
    await this.#resetBeforeReply('userRegister');
    return result;
  }

  async userRevocation(...args) {
    this.#fail('userRevocation');
    const result = await super.userRevocation(...args);
    await this.#resetBeforeReply('userRevocation');
    return result;
  }

  async userRevoke(...args) {
    this.#fail('userRevoke');
    const result = await super.userRevoke(...args);
    await this.#resetBeforeReply('userRevoke');
    this.#resetAfter('userRevoke');
    return result;
  }

  /** Armed `reset-after`: the object resets right after this call answered (its caller's stub is then broken). */
  #resetAfter(method) {
    const armed = this.failures?.[method];
    if (!armed || armed.times <= 0 || armed.kind !== 'reset-after') return;
    armed.times--;
    setTimeout(() => this.ctx.abort('test: reset after ' + method), 0);
  }

  async revoke(...args) {
    await this.#fail('revoke');
    return super.revoke(...args);
  }

  /** How many armed slow calls this object has begun. */
  async slowCallsBegun() {
    return this.slowCalls ?? 0;
  }

  async storedIndex() {
    return (await this.ctx.storage.get('user-index')) ?? null;
  }

  async stored() {
    return { session: (await this.ctx.storage.get('session')) ?? null, revoked: (await this.ctx.storage.get('revoked')) ?? null, keys: (await this.ctx.storage.list()).size, alarm: await this.ctx.storage.getAlarm() };
  }
}

async function userDigest(userId) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(userId)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const cookie = { name: '__session', secrets: ['do-lifecycle-secret-7a2c'], maxAge: 3600 };
const FACTORIES = {
  do: (env) => createDurableObjectSessionStorage({ cookie, namespace: env.SESSIONS_DO, userKey: 'userId' }),
  plain: (env) => createDurableObjectSessionStorage({ cookie: { ...cookie, name: '__plain' }, namespace: env.SESSIONS_DO }),
  // A cookie storage revocable through the same namespace (revocation: { namespace }): its user's index object is
  // the Durable Object storage's.
  cookie: (env) => createCookieSessionStorage({ cookie: { ...cookie, name: '__cookie' }, userKey: 'userId', revocation: { namespace: env.SESSIONS_DO } }),
  short: (env) => createDurableObjectSessionStorage({ cookie: { ...cookie, maxAge: 2 }, namespace: env.SESSIONS_DO, userKey: 'userId' }),
  // A request holding its session past 300 ms (`?ms=`) commits on a lapsed lease.
  lapsing: (env) => createDurableObjectSessionStorage({ cookie, namespace: env.SESSIONS_DO, userKey: 'userId', leaseTimeout: 300 }),
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const storages = new WeakMap();
function storageFor(name, env) {
  let byName = storages.get(env);
  if (!byName) storages.set(env, (byName = {}));
  return (byName[name] ??= FACTORIES[name](env));
}

const objectOf = (env, name) => env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(name));
const resetObject = (env, name) => objectOf(env, name).resetNow().then(() => 'not reset', (error) => String(error?.message ?? error));

async function action(request, { session, env }, storage) {
  const url = new URL(request.url);
  const name = url.pathname.split('/')[2];
  const q = (key) => url.searchParams.get(key);
  const readId = session.id;
  const state = (extra = {}) => Response.json({ user: session.destroyed ? null : (session.get('userId') ?? null), id: session.id, count: session.destroyed ? null : (session.get('count') ?? null), ...extra });
  let response;
  if (q('ms')) await sleep(Number(q('ms'))); // a slow request: others of the session wait in the object's line
  switch (name) {
    case 'login':
      session.set('userId', q('user'));
      if (q('regen')) session.regenerateId(true);
      response = state();
      break;
    case 'me':
      response = state();
      break;
    case 'incr':
      session.set('count', (session.get('count') ?? 0) + 1);
      response = state();
      break;
    case 'login-after-revocation-ahead': // a sign-in after a revocation another isolate made, its clock a minute ahead
      await objectOf(env, `user:${await userDigest(q('user'))}`).userRevoke(null, Date.now() + 60_000, null, undefined);
      session.set('userId', q('user'));
      response = state();
      break;
    case 'note': // a change of its own, told from another request's
      session.set('note', q('value'));
      response = state({ note: q('value') });
      break;
    case 'regen':
      session.regenerateId(true);
      response = state();
      break;
    case 'incr-revoked': // a change of a session a revocation ends while this request holds its lease
      session.set('count', (session.get('count') ?? 0) + 1);
      await objectOf(env, session.id).revoke();
      response = state();
      break;
    case 'commit-twice-revoked': { // a second hand commit of a session a revocation ended after the first
      session.set('count', (session.get('count') ?? 0) + 1);
      await storage.commitSession(session);
      session.set('count', session.get('count') + 1);
      await objectOf(env, session.id).revoke();
      const second = await storage.commitSession(session).then((setCookie) => ({ setCookie }), (error) => ({ error: error?.code ?? String(error) }));
      response = state({ second });
      break;
    }
    case 'commit-twice-foreign-logout': { // a second hand commit of a session another isolate logged out after the first
      session.set('count', (session.get('count') ?? 0) + 1);
      await storage.commitSession(session);
      session.set('count', session.get('count') + 1);
      await objectOf(env, session.id).remove(null); // the object's delete, which this isolate does not know of
      const second = await storage.commitSession(session).then((setCookie) => ({ setCookie }), (error) => ({ error: error?.code ?? String(error) }));
      response = state({ second });
      break;
    }
    case 'logout-revoked': // a logout of a session a revocation ends while this request holds its lease
      await objectOf(env, session.id).revoke();
      session.destroy();
      response = state();
      break;
    case 'regen-revoked': // a sign-in whose new ID a revocation ends before withSession commits it
      session.set('userId', q('user'));
      session.regenerateId(true);
      await objectOf(env, session.id).revoke();
      response = state();
      break;
    case 'logout':
      session.destroy();
      response = state();
      break;
    case 'revoke':
      try {
        response = state({ ended: await storage.revokeUserSessions(q('user'), q('except') ? { except: session } : {}) });
      } catch (error) {
        response = state({ error: String(error?.message ?? error) });
      }
      break;
    case 'list':
      return Response.json(await storage.listUserSessions(q('user')));
    case 'arm':
      await objectOf(env, q('id') ?? `user:${await userDigest(q('user'))}`).armFailure(q('method'), Number(q('times') ?? 1), q('kind') ?? 'retryable', Number(q('delay') ?? 0));
      return Response.json({ armed: true });
    case 'index':
      return Response.json(await objectOf(env, `user:${await userDigest(q('user'))}`).storedIndex());
    case 'foreign-logout': // another isolate's logout: the object's delete, which this isolate does not know of
      await objectOf(env, q('id')).remove(null);
      if (q('user')) await objectOf(env, `user:${await userDigest(q('user'))}`).userUnregister(q('id'));
      return Response.json({ removed: true });
    case 'foreign-revoke':
      await objectOf(env, q('id')).revoke();
      return Response.json({ revoked: true });
    case 'slow-begun':
      return Response.json({ begun: await objectOf(env, q('id')).slowCallsBegun() });
    case 'stored':
      return Response.json(await objectOf(env, q('id')).stored());
    case 'reset':
      return Response.json({ reset: await resetObject(env, q('id') ?? `user:${await userDigest(q('user'))}`) });
    case 'probe': {
      // What a stub used before its object's reset gives on its next call, and a fresh stub's.
      const stub = objectOf(env, 'probe-' + q('n'));
      await stub.stored();
      await stub.resetNow().catch((error) => error);
      const describe = (error) => ({ message: String(error?.message), retryable: error?.retryable, overloaded: error?.overloaded, remote: error?.remote, durableObjectReset: error?.durableObjectReset });
      const reused = await stub.stored().then(() => 'ok', describe);
      const fresh = await objectOf(env, 'probe-' + q('n')).stored().then(() => 'ok', describe);
      const aborted = await objectOf(env, 'probe-' + q('n')).resetNow().then(() => 'ok', describe);
      return Response.json({ reused, fresh, aborted });
    }
    default:
      return Response.json({ error: 'not found' }, { status: 404 });
  }
  if (q('reset')) await resetObject(env, readId);
  return response;
}

const handlers = Object.fromEntries(
  Object.keys(FACTORIES).map((name) => [name, withSession((env) => storageFor(name, env), (request, context) => action(request, context, storageFor(name, context.env)))]),
);

export default {
  async fetch(request, env, ctx) {
    const handler = handlers[new URL(request.url).pathname.split('/')[1]];
    if (!handler) return Response.json({ error: 'no such store' }, { status: 404 });
    const response = await handler(request, env, ctx);
    return response;
  },
};
