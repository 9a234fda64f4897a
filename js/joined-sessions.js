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
// earlier, met its ended session (SESSION_ENDED), and a logout in one request destroyed the other's session. The
// opener waits for every lifecycle that joined to return before it writes and ends the session, so a join that
// was not awaited still finds it open.

const openIn = new WeakMap(); // scope -> [{ storage, cookie, session }]: sessions open for joining
const joins = new WeakMap(); // session -> { count, idle, wake, scope }: how many lifecycles joined it, and are in it

let frames; // AsyncLocalStorage of the sessions whose handlers run: null where there is none; undefined: not looked for

/** The runtime's AsyncLocalStorage instance for joins, else null. Looked for on the first scoped request, not at import. */
function asyncFrames() {
  if (frames === undefined) {
    const AsyncLocalStorage = globalThis.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
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
  if (frames === null || !joins.has(session)) return run();
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
  asyncFrames();
  joins.set(session, { count: 0, idle: undefined, wake: undefined, scope: key });
}

/**
 * The session a lifecycle of the very `storage` opened in `scope` from the same Cookie header, counted as joined
 * until `leaveSession`; else undefined. Only that storage: another, even for the same cookie, may seal, time out
 * or index its sessions otherwise (openedFor).
 */
export function joinSession(scope, storage, cookie) {
  const key = scopeOf(scope);
  const entry = key && openIn.get(key)?.find((open) => open.storage === storage && open.cookie === (cookie ?? ''));
  if (entry === undefined || !insideHandlerOf(entry.session)) return undefined;
  joins.get(entry.session).count++;
  return entry.session;
}

/** The end of a join (in a `finally`): the opener may then write the session. */
export function leaveSession(session) {
  const joined = joins.get(session);
  if (joined !== undefined && --joined.count === 0 && joined.wake) joined.wake();
}

/**
 * Before the opener writes or ends `session`: no new lifecycle joins it, and the ones that did have returned. A
 * Promise to await while one has not (over a reused ctx, the other request's handler); else undefined, so the
 * request that nothing joined pays no await. In a nested call the joins are over: the opener's handler awaited them.
 */
export function joinsDone(session) {
  const joined = joins.get(session);
  if (joined === undefined) return undefined;
  const open = openIn.get(joined.scope);
  const at = open === undefined ? -1 : open.findIndex((entry) => entry.session === session);
  if (at !== -1) {
    if (open.length === 1) openIn.delete(joined.scope);
    else open.splice(at, 1);
  }
  // No join starts once it has left openIn, so the count only falls: one wake is enough.
  return joined.count === 0 ? undefined : (joined.idle ??= new Promise((resolve) => (joined.wake = resolve)));
}
