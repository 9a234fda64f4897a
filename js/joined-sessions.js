// A session one lifecycle opened, used by another that runs inside it for the same request: a Hono sub-app under
// app.mount() (a Request and a Context of its own, the same ExecutionContext), a withSession-wrapped fetch called
// from a withSession handler with its ctx. On Durable Objects a second lifecycle's own copy would wait for the
// lease the first holds (leaseTimeout, 10 s); elsewhere the two copies' writes would overwrite each other.
//
// The scope is the request's ExecutionContext, and the session is joined only when read from the same Cookie
// header, so an ExecutionContext reused across requests never hands one visitor's session to another. Where the
// runtime has AsyncLocalStorage (Node; workerd with nodejs_compat), a join must also run inside the opener's
// handler: wrangler's getPlatformProxy gives one ctx to a dev server's every request, and one visitor's
// overlapping requests are not one request. Regression (89cf9ba, from the ctx alone): the later request joined the
// earlier, met its ended session (SESSION_ENDED), and a logout in one request destroyed the other's session.
//
// The opener does not wait for the lifecycles that joined: once its handler has returned and it writes the
// session, nothing joins any more, and a join still running (not awaited, or in ctx.waitUntil) reads the session
// but cannot change it (SESSION_ENDED), as any code after the response. Waiting held the response for a
// background job, and deadlocked on Durable Objects when such a join nested again (adversarial pass).

const openIn = new WeakMap(); // scope -> [{ storage, cookie, session }]: the sessions open for joining in it
const scopes = new WeakMap(); // session -> its scope, while it is open for joining

let frames; // AsyncLocalStorage of the sessions whose handlers run: null where there is none; undefined: not looked for
let AsyncContext; // AsyncLocalStorage's class, when an entry provides it (Node's, which has node:async_hooks)

/** The Node entry's AsyncLocalStorage class (Node before 20.16 has no process.getBuiltinModule). */
export function provideAsyncLocalStorage(AsyncLocalStorage) {
  AsyncContext = AsyncLocalStorage;
}

/** The runtime's AsyncLocalStorage instance for joins, else null. Made on the first scoped request, not at import. */
function asyncFrames() {
  if (frames === undefined) {
    const AsyncLocalStorage = AsyncContext ?? globalThis.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
    frames = typeof AsyncLocalStorage === 'function' ? new AsyncLocalStorage() : null;
  }
  return frames;
}

/** True when the code running now is inside the handler of `session`'s opener (always, where that cannot be told). */
function insideHandlerOf(session) {
  if (frames === null) return true;
  for (let frame = frames?.getStore(); frame !== undefined; frame = frame.outer) if (frame.session === session) return true;
  return false;
}

/**
 * `run()`, its handler, where a lifecycle that runs inside it can tell (insideHandlerOf). Costs nothing for a
 * session offered to no scope (no ExecutionContext: Node servers), so they never turn AsyncLocalStorage on.
 */
export function runAsOpener(session, run) {
  if (frames === null || !scopes.has(session)) return run();
  return frames.run({ session, outer: frames.getStore() }, run);
}

/** The ExecutionContext-like object that scopes joining (a non-object, as in Node servers, joins nothing). */
function scopeOf(value) {
  return value !== null && typeof value === 'object' ? value : undefined;
}

/** Lets lifecycles of `storage` in `scope` read from `cookie` join `session` (openSession does, when given a scope). */
export function offerSession(scope, storage, cookie, session) {
  const key = scopeOf(scope);
  if (key === undefined) return;
  const open = openIn.get(key);
  const entry = { storage, cookie: cookie ?? '', session };
  if (open) open.push(entry);
  else openIn.set(key, [entry]);
  scopes.set(session, key);
  asyncFrames();
}

/**
 * The session a lifecycle of the very `storage` opened in `scope` from the same Cookie header, whose handler this
 * runs inside; else undefined. Only that storage: another, even for the same cookie, may seal, time out or index
 * its sessions otherwise (openedFor). Every entry is looked at: over a reused ctx, two requests of one visitor (or
 * two first visits, with no cookie) each have one. Regression (adversarial pass): the first found was the other
 * request's, and the nested call opened a copy.
 */
export function joinSession(scope, storage, cookie) {
  const key = scopeOf(scope);
  const open = key && openIn.get(key);
  if (!open) return undefined;
  const header = cookie ?? '';
  for (const entry of open) {
    if (entry.storage === storage && entry.cookie === header && insideHandlerOf(entry.session)) return entry.session;
  }
  return undefined;
}

/** Before the opener writes or ends `session`: no lifecycle joins it from now on. */
export function closeToJoins(session) {
  const key = scopes.get(session);
  if (key === undefined) return;
  scopes.delete(session);
  const open = openIn.get(key);
  const at = open === undefined ? -1 : open.findIndex((entry) => entry.session === session);
  if (at === -1) return;
  if (open.length === 1) openIn.delete(key);
  else open.splice(at, 1);
}
