// Test Worker for tests/workerd/example-revocation.test.js: storages and session objects driven call by call.
import { createCookieSessionStorage, createDurableObjectSessionStorage, SessionDurableObject as Base } from 'edge-session';

/** The package's class, and what a user's index object holds in storage (js/durable-object-storage.js 'user-index'). */
export class SessionDurableObject extends Base {
  async storedIndexIds() {
    return Object.keys((await this.ctx.storage.get('user-index'))?.sessions ?? {});
  }

  /** Drops the alarm that sweeps a user's index once its entries may go: a sweep that has not run yet. */
  async dropSweep() {
    await this.ctx.storage.deleteAlarm();
  }
}

/** `user`'s index object (js/user-sessions.js userDigest: SHA-256 of the ID's UTF-8, hex). */
async function userIndexStub(env, user) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(user)));
  const hex = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(`user:${hex}`));
}

/**
 * Sessions of one user with a 1 s maxAge, left to expire past the index's grace (`waitMs`), its sweep (the alarm)
 * dropped; then listed. What the user's index object stores before and after the listing.
 */
async function expiredLeaveStoredIndex(env, waitMs) {
  const storage = createDurableObjectSessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge: 1 }, namespace: env.SESSIONS_DO, userKey: 'userId' });
  const user = `user-${crypto.randomUUID()}`;
  for (const _ of [1, 2, 3]) {
    const session = await storage.getSession(null);
    session.set('userId', user);
    await storage.commitSession(session);
  }
  const index = await userIndexStub(env, user);
  const signedIn = (await index.storedIndexIds()).length;
  await index.dropSweep(); // the listing alone takes them off, as when the alarm has yet to run
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  const beforeListing = (await index.storedIndexIds()).length;
  const listed = (await storage.listUserSessions(user)).length;
  const afterListing = (await index.storedIndexIds()).length;
  return Response.json({ signedIn, beforeListing, listed, afterListing });
}

/** The error a misspelt option gets from the Durable Object storage factory (only workerd can make one). */
function unknownOption(env) {
  try {
    createDurableObjectSessionStorage({ cookie: { secrets: ['s3cr3t'] }, namespace: env.SESSIONS_DO, idleTimout: 1800 });
    return Response.json(null);
  } catch (error) {
    return Response.json({ name: error.name, code: error.code, message: error.message });
  }
}

/**
 * A cookie storage and a Durable Object storage sharing the namespace: a cookie session read (its user's mark
 * looked up and cached), then the Durable Object storage revokes the user; the cookie read again in this isolate.
 */
async function sharedNamespaceRevocation(env) {
  const cookie = { name: '__session', secrets: ['s3cr3t'] };
  const cookies = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace: env.SESSIONS_DO } });
  const objects = createDurableObjectSessionStorage({ cookie: { ...cookie, name: '__id' }, namespace: env.SESSIONS_DO, userKey: 'userId' });
  const user = `user-${crypto.randomUUID()}`;
  const session = await cookies.getSession(null);
  session.set('userId', user);
  const header = (await cookies.commitSession(session)).split(';')[0];
  await new Promise((resolve) => setTimeout(resolve, 5));
  const before = (await cookies.getSession(header)).get('userId') ?? null;
  await objects.revokeUserSessions(user);
  const after = (await cookies.getSession(header)).get('userId') ?? null;
  return Response.json({ user, before, after });
}

/**
 * Cookie sessions with revocation { namespace }: two devices of one user, each signing out the other ("sign out of
 * my other devices") at the same moment, `rounds` times; what each revokeUserSessions resolved to.
 */
async function crossedKeepRevocations(env, rounds) {
  const cookies = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId', revocation: { namespace: env.SESSIONS_DO } });
  const counts = [];
  for (let round = 0; round < rounds; round++) {
    const user = `user-${crypto.randomUUID()}`;
    const devices = [];
    for (const _ of [1, 2]) {
      const session = await cookies.getSession(null);
      session.set('userId', user);
      devices.push(await cookies.getSession((await cookies.commitSession(session)).split(';')[0]));
    }
    counts.push(...(await Promise.all(devices.map((session) => cookies.revokeUserSessions(user, { except: session })))));
  }
  return Response.json(counts);
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/unknown-option') return unknownOption(env);
    if (pathname === '/shared-namespace-revocation') return sharedNamespaceRevocation(env);
    if (pathname === '/crossed-keep-revocations') return crossedKeepRevocations(env, 20);
    if (pathname === '/expired-leave-stored-index') return expiredLeaveStoredIndex(env, 63_000);
    if (pathname !== '/write-after-revoke') return new Response('Not found\n', { status: 404 });
    // A request holds the session's lease (it read it) when a revocation comes; then it writes under that lease.
    const stub = env.SESSIONS_DO.get(env.SESSIONS_DO.idFromName(crypto.randomUUID()));
    await stub.create('{"before":1}', null);
    const held = await stub.read();
    const started = Date.now();
    await stub.revoke();
    const revokeMs = Date.now() - started;
    let written;
    try {
      written = await stub.write(held.token, '{"after":1}', null);
    } catch (error) {
      written = String(error?.message ?? error);
    }
    const afterwards = await stub.read();
    return Response.json({ revokeMs, written, afterwards });
  },
};
