// One request's session, from the Cookie header to the Set-Cookie, shared by
// every way in: withSession, the Hono middleware and the React Router
// middleware are thin files over these functions, so they cannot drift apart.
//
//   const opened = await openSession(storage, request.headers.get('Cookie'));
//   if (opened instanceof Response) return opened;           // the storage failed to read: 500
//   try {
//     const response = await handler(opened);
//     return await finishSession(storage, opened, response);  // commit, destroy or nothing
//   } finally {
//     await closeSession(storage, opened);                     // lease released, memory freed
//   }
import { SessionStorageError } from './errors.js';
import { committedHere, csrfRefusals, keepsUnderWay, keptRevocationsSettled, disposed, heldByRequest, endedInStore, endingSetCookies, lifecycleWrites, refusedAsEnded, refuseVoidedCommit, endOfRequest, endRequest, finishing, issuedSetCookies, leftoverSetCookies, needsResign, openForRequest, ownChange, provisionalId, requestSessions, rewriteWindow, besideSkippedRewrite, sessionCookie, settled, unchangedSince, unchangedSinceRefusal, writtenId } from './internal.js';
import { cookieIdentityOfHeader, endsCookie, pathReaches, setsCookie, setsSessionCookies } from './cookie-identity.js';
import { cookieHeaderFor, cookiePairs, isChunkOf, ownCookiePairs } from './cookie-header.js';
import { REWRITE_WINDOW_MS } from './lifetime.js';
import { claimRewrite, forgetRewrite, rememberRewrite } from './rewrite-window.js';
import { readMark } from './recent-deletes.js';
import { isTooLargeToWrite, tooLargeAdvice, warnChangeAfterHandCommit, warnRewriteTooLarge } from './warnings.js';
import { closeToJoins, offerSession, runAsOpener } from './joined-sessions.js';
import { clearingSpeculativeLoads } from './speculative-loads.js';

const noEnv = {}; // the cache key when a runtime passes no env (Node servers, app.request() in tests)
const storagesByFactory = new WeakMap(); // storageFactory -> WeakMap(env -> storage): storageResolver's caches

// session -> { cookieHeader it was read from, key (readKeyOf), mark: readMark() before that read, unsentOwn: true when
// the request's URL is outside the cookie's Path and it carried no cookie of that name (sessionWrite) }
const readFrom = new WeakMap();
// The requests between openSession and closeSession (each counted once): a cookie session's write is noted for the
// renewals of others only while another is in flight (rememberWrite), which costs the lone request nothing.
const inFlight = new WeakSet();
let requestsInFlight = 0;
const openedBy = new WeakMap(); // session -> the storage a lifecycle opened it with

/**
 * True when a request's lifecycle opened `session` with `storage`: a middleware mounted twice on one request (a
 * Hono sub-app's own, React Router's root and a child's) finds the request's session open already. Only the very
 * storage: another, even for the same cookie, may seal, time out or index its sessions otherwise, so it opens
 * its own (a storage factory shared by the mounts gives them one storage per env: storageResolver).
 */
export function openedFor(session, storage) {
  return session !== null && typeof session === 'object' && openedBy.get(session) === storage;
}

const openedOnRequest = new WeakMap(); // a request's own object (Hono's Context, React Router's context) -> Map(storage -> session)

/**
 * The session a middleware opened (or joined) with `storage` for the request `holder` stands for (Hono's Context,
 * React Router's RouterContextProvider), else undefined. The framework's one slot (c.var.session, sessionContext)
 * holds the innermost mount's session: with a middleware of another cookie mounted between two of this one, it
 * holds that other session. Regression (frameworks composition pass): the inner mount then opened a second copy,
 * and the outer mount's stale write overwrote the inner one's sign-in.
 */
export function openedOn(holder, storage) {
  return openedOnRequest.get(holder)?.get(storage);
}

/** Notes `session` as the one a middleware uses with `storage` for the request `holder` stands for (openedOn). */
export function noteOpenedOn(holder, storage, session) {
  let sessions = openedOnRequest.get(holder);
  if (!sessions) openedOnRequest.set(holder, (sessions = new Map()));
  sessions.set(storage, session);
}

/** True for an object with a storage's getSession (ours, or one written to our interface). */
export function isStorage(value) {
  return value !== null && typeof value === 'object' && typeof value.getSession === 'function';
}

/**
 * `(env) => storage` for a storage, or for a factory of env run once per env
 * per isolate: Workers hand secrets and bindings to each request, never to
 * module scope, and each storage holds its cookie's keys in WebAssembly
 * memory, so one per env, not one per request.
 * @param {((env: any) => object) | object} storageFactory
 * @param {string} caller what to name in a TypeError
 */
export function storageResolver(storageFactory, caller) {
  if (isStorage(storageFactory)) return () => storageFactory;
  if (typeof storageFactory !== 'function') {
    throw new TypeError(`${caller}: storageFactory must be a function of env, or a storage`);
  }
  // One cache per factory, whoever runs it: two middlewares mounted with one factory (a Hono app and its
  // sub-app) share its storage, so the second finds the request's session open (openedFor). Regression: each kept
  // its own, and opened a stale second copy of the session.
  let storages = storagesByFactory.get(storageFactory);
  if (!storages) storagesByFactory.set(storageFactory, (storages = new WeakMap()));
  return (env) => {
    const key = env !== null && typeof env === 'object' ? env : noEnv;
    let storage = storages.get(key);
    if (!storage) {
      storage = storageFactory(env);
      if (!isStorage(storage)) throw new TypeError(`${caller}: the storage factory must return a session storage`);
      storages.set(key, storage);
    }
    return storage;
  };
}

/** A clear 500 for a backend that failed (KV or a Durable Object down): no programming error, no lost session. */
export function storageFailed(action, error) {
  // A session too large is no backend failure: the log says what to do, after the error (its sizes).
  const advice = tooLargeAdvice(error);
  if (advice) console.error(`edge-session: the session could not be ${action}:`, error, advice);
  else console.error(`edge-session: the session could not be ${action}:`, error);
  return new Response(`Internal Server Error: the session could not be ${action}.`, {
    status: 500,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Reads the request's session. Resolves to the Session, or to a 500 Response
 * when the storage failed to read (the handler must then not run).
 * Any other error (a programming mistake) rejects.
 * @param {object} storage
 * @param {string | null | undefined} cookieHeader
 * @param {object} [scope] the request's ExecutionContext: a lifecycle of this storage that runs for it from the
 *   same Cookie header joins this session (joinSession) rather than open a copy
 * @param {string} [url] the request's URL: a write the lifecycle makes of its own accord goes only where the cookie
 *   is sent (sessionWrite)
 */
export async function openSession(storage, cookieHeader, scope, url) {
  try {
    const mark = readMark(); // before the read: a write that ends after this may be missing from what it reads
    const session = await (storage[openForRequest] ? storage[openForRequest](cookieHeader) : storage.getSession(cookieHeader));
    // Its URL as the browser may have sent it: a Hono app.mount sub-app gets it with the mount's path taken off, so a
    // request that carried the cookie itself is never taken for one outside its path.
    const identity = session[sessionCookie];
    const unsentOwn = !pathReaches(url, identity) && !cookiePairs(cookieHeader ?? '').has(identity.name);
    readFrom.set(session, { cookieHeader: cookieHeader ?? '', key: undefined, mark, unsentOwn });
    inFlight.add(session);
    requestsInFlight++;
    openedBy.set(session, storage);
    requestSessions.add(session);
    session[heldByRequest](); // not parked: its request's end frees it (closeSession)
    if (scope !== undefined) offerSession(scope, storage, cookieHeader, session);
    return session;
  } catch (error) {
    if (error instanceof SessionStorageError) return storageFailed('read', error);
    throw error;
  }
}

/**
 * What names a cookie session in the renewals' pacing (rewrite-window.js): its own cookie pairs in the header it was
 * read from, or its storage's migrateFrom cookie's (that header's other cookies may change between two requests of
 * one browser; regression, adversarial pass: a migrating session lost a logout's note so), else the header as
 * cookieHeaderFor keeps it (past 64 KiB, those pairs only: the window
 * keeps 1 MiB of such names; regression: one crowded header's cleared every other's). Computed when first needed.
 * Regression (long-lived isolate pass): keyed by the whole header, a cookie of another kind set between two requests
 * (a page's script, a CDN's bot cookie) hid a logout's note, and a slow page's renewal signed the browser in again.
 */
function readKeyOf(session) {
  const read = readFrom.get(session);
  if (read === undefined) return undefined;
  if (read.key === undefined) {
    const names = [session[sessionCookie]?.name, session[sessionCookie]?.migratedFrom]; // a migrating storage's old one
    read.key = ownCookiePairs(read.cookieHeader, names) || cookieHeaderFor(read.cookieHeader, names);
    read.cookieHeader = undefined;
  }
  return read.key;
}

/**
 * What this request writes: the Set-Cookie header(s), or undefined for none.
 * The one place that decides: a session the handler committed or destroyed
 * through the storage itself -> nothing more (its header stands, a destroyed
 * record stays deleted: issue 11), but the expiring chunk cookies that one
 * header could not carry (`chunks`); destroyed -> an expiring cookie (the
 * stored data deleted); dirty -> the committed session; untouched ->
 * nothing, unless it was read under a retired secret or its rolling renewal
 * is due, which rewrites it. A storage that may need several cookies
 * (`chunks`) gives them all through commitSessionHeaders.
 * @param {object} storage
 * @param {import('./session.js').Session} session
 * @param {Response} response
 * @returns {Promise<string | string[] | undefined>}
 */
export async function sessionSetCookie(storage, session, response) {
  return (await sessionWrite(storage, session, setCookiesOnce(response))).setCookie;
}

/** `() => response's Set-Cookie headers`, read at most once: in workerd each read crosses into the runtime. */
function setCookiesOnce(response) {
  let headers;
  return () => (headers ??= response.headers.getSetCookie());
}

/**
 * sessionSetCookie's decision, and whether it wrote the session anew (`anew`): its headers then replace any the
 * response has for the session's cookies, not only the session's own earlier ones. `present()`: the response's
 * Set-Cookie headers.
 * @returns {Promise<{ setCookie: string | string[] | undefined, anew: boolean }>}
 */
async function sessionWrite(storage, session, present) {
  // Committed or destroyed by the handler: its header stands; only chunks it could not expire in that one header.
  // But a destroy() after its commit is a logout, made now, its header replacing the commit's.
  if (session[settled] && !endedAfterCommit(session)) {
    // Voided since by its user's revocation (a cookie storage's): ended as refused, its hand commits' headers go.
    const refused = storage[refuseVoidedCommit]?.(session) === true;
    if (!refused && session.dirty && session[ownChange]) warnChangeAfterHandCommit();
    rememberWrite(storage, session);
    return { ...endingOrLeftovers(session, present), anew: false };
  }
  if (!session.destroyed && !session.dirty && !session[needsResign]) return { setCookie: undefined, anew: false };
  // Written of the lifecycle's own accord (a migration from the migrateFrom cookie) from a request the cookie's Path
  // does not reach, which carried none: the browser may hold the cookie there, newer, and this write would replace
  // it. The app's own change still goes (a sign-in form outside the path). Regression (s51 attributes scenario pass):
  // a storage at /app migrating from a cookie at / (React Router's, or another app's of that name) wrote the old
  // one's session, or an empty one, over the /app cookie from a page at /, and its user was signed out there.
  if (!session.destroyed && !session[ownChange] && readFrom.get(session)?.unsentOwn) {
    return { setCookie: undefined, anew: false };
  }
  // Unchanged, written only to renew it (or to re-sign it under secrets[0]): once per burst (its storage's window).
  const rewriteOnly = !session.destroyed && !session.dirty;
  // Nor over a response that sets the session's cookie already, which is newer: another lifecycle of this storage
  // wrote its copy (a Hono sub-app under app.mount gets a Request of its own, so it opens a copy), or a handler
  // committed or ended a session of that cookie by hand. Regressions: the copy's rewrite went out after it, and the
  // browser kept the stale one; then, with only the lifecycles' own writes looked for, a sub-app's logout by hand.
  // So is a session whose only change is a flash that arrived, to be cleared: that newer write clears it too.
  // Regression (review): on the request after a flash, a handler's hand commit of its copy was overwritten.
  // What that rewrite would have sent for other cookies still goes. Regression (review): a migration skipped so
  // left the migrateFrom cookie, and the session it held came back once the new cookie lapsed.
  if (!session.destroyed && (!session.dirty || !session[ownChange]) && setsSessionCookie(present, session)) {
    return { setCookie: await besideSkipped(session, present), anew: false };
  }
  const windowMs = storage[rewriteWindow] ?? REWRITE_WINDOW_MS;
  const read = readFrom.get(session);
  // A cookie session by its cookie pairs, as its writes are noted (rememberWrite), whatever its ID: a Remix v3 cookie
  // session has one. Regression (adversarial pass): claimed by that ID, a slow page's renewal never found the
  // logout's note, made under the pairs, and signed the logged-out browser in again.
  // Claimed with no window too (a cookie storage without idleTimeout paces nothing), as a rewrite of a session read
  // before another write of it is never made. Regression (mutation pass): unclaimed there, a slow page's re-signing
  // under secrets[0], or its migration, answered after a logout and signed the browser in again.
  const key = rewriteOnly ? (storage[writtenId] === undefined ? readKeyOf(session) : session.id || readKeyOf(session)) : undefined;
  let claimed;
  if (key !== undefined) {
    claimed = claimRewrite(storage, key, windowMs, read?.mark);
    if (!claimed) return { setCookie: undefined, anew: false };
  } else if (storage[writtenId] !== undefined && !rewriteOnly && !session.destroyed) {
    // A stored session's write about to start paces a renewal racing it (a POST and a GET of one session sent
    // together: KV refuses a key's second write within a second), as a rewrite's claim does.
    // Not a fresh session's provisional ID: no store has it, nor any other request. Regression (contract pass, once
    // getSession gave it at once): every new visitor's first write noted one, and on a store that makes the IDs one
    // never written, crowding out the notes of stored sessions (MAX_REMEMBERED).
    const id = session.id;
    if (id !== '' && session[provisionalId] === '') claimed = rememberRewrite(storage, id);
  }
  try {
    // A storage wrapped in the app's own code may change the session as its commit begins (a "committed at"):
    // allowed until that commit's first await, refused after (finishing), where it could miss what is written.
    // Regression: refused from the start, such a wrapper turned every changed response into a 500.
    session[finishing](false);
    lifecycleWrites.add(session);
    const destroyedBefore = session.destroyed;
    let setCookie;
    try {
      let writing;
      try {
        writing =
          typeof storage.commitSessionHeaders === 'function'
            ? storage.commitSessionHeaders(session)
            : session.destroyed
              ? storage.destroySession(session)
              : storage.commitSession(session);
      } finally {
        session[finishing]();
      }
      setCookie = await writing;
    } finally {
      lifecycleWrites.delete(session);
    }
    // Ended by a destroySession of ours during the write, after the write committed it (a wrapper that commits, then
    // ends the session; a ctx.waitUntil job's logout meanwhile): the logout is what goes out, not the commit's header.
    // Regression (adversarial pass on d523db4): such a logout threw SESSION_ENDED, a 500, the user still signed in.
    const ending = destroyedBefore ? undefined : endingSetCookies.get(session);
    if (session.destroyed && ending !== undefined && ![setCookie].flat().includes(ending[0])) setCookie = ending[0];
    if (key === undefined) rememberWrite(storage, session);
    // Ended meanwhile by another request: the cookie the browser sent names nothing now, and it may hold a newer
    // one, which an expiring header would delete (a sign-in in another tab, whose regenerateId(true) deleted the
    // record this request read). Regression (audit): a page view in flight during a sign-in signed the user out.
    if (refusedAsEnded.has(session)) return { setCookie: undefined, anew: false };
    // A logout of the cookie this write sets, in the response, by another copy of the session (a Session of the
    // app's own getSession, a Hono sub-app's): it stands, and this copy, which holds what was logged out, is not
    // sent. Known once written: the storage decides the cookie (an app's wrapper may move a guest to a member
    // cookie, the guest one expired). Regression (audit of issue 11): on the cookie storage this copy's change was
    // written over the logout, and the user stayed signed in.
    if (!session.destroyed && loggedOutByCopy(present, session)) return { setCookie: undefined, anew: false };
    return { setCookie: withLeftovers(session, setCookie), anew: true };
  } catch (error) {
    if (claimed !== undefined) forgetRewrite(storage, claimed); // not written: the next request tries again
    // Unchanged, and too large written anew (a migrated cookie near 4 KB, a record near 512 KiB that another
    // program wrote without times): the browser's cookie still reads, so it stays as it is. Regressions: every
    // request of that browser answered 500, read-only pages included; then (review) the same for such a record;
    // then (audit) for such a cookie that arrived with a flash, whose only change is clearing it (the flash then
    // shows again, as the cookie still holds it, until the app changes the session).
    if (!session.destroyed && !session[ownChange] && isTooLargeToWrite(error)) {
      warnRewriteTooLarge(storage, error);
      return { setCookie: undefined, anew: false };
    }
    throw error;
  }
}

/**
 * The Set-Cookies a handler's own commits or destroy left for the response (leftoverSetCookies), once: those of the
 * session's commit whose header is its last in the response, less those for cookies a later header sets. None
 * when none is: a framework that dropped the session's headers (React Router drops a loader's when an error
 * boundary answers) leaves the browser's cookies as they were, which these would break. Regressions: only the
 * latest commit's were looked for, and React Router, which puts an action's header after the loaders', then lost
 * the migrateFrom cookie's expiry; then only the response's last header for the cookie, so a logout by hand
 * followed by a new session's commit lost them (the old cookie stayed, and the logout came undone once the new
 * one lapsed; the old session's last chunk stayed beside the new one's, which read as no session).
 */
function leftoversBeside(session, setCookies, dropped) {
  const left = leftoverSetCookies.get(session);
  if (left === undefined) return undefined;
  leftoverSetCookies.delete(session);
  // Looked for among the headers that stay: a commit the response drops sets no cookie later. Regression (s50 React
  // Router scenario pass): a child loader's commitSessionHeaders of a chunked session, put after the root loader's
  // destroySession (parent first), counted as a later `__session.1`, which was not expired.
  const present = dropped?.length ? takeEach(setCookies(), dropped).rest : setCookies();
  let at = present.length - 1;
  while (at >= 0 && !left.byHeader.has(present[at])) at--;
  if (at === -1) return undefined;
  const later = present.slice(at + 1);
  const setLater = (header) => {
    const identity = cookieIdentityOfHeader(header);
    return later.some((set) => setsCookie(set, identity));
  };
  // Not twice: a commitSessionHeaders whose headers went out carries the old cookie's expiry itself.
  const missing = left.byHeader.get(present[at]).filter((header) => !present.includes(header) && !setLater(header));
  return missing.length > 0 ? missing : undefined;
}

/**
 * True when the handler committed `session` through the storage, then called its destroy(): the logout is still to
 * be made. Regression (audit of issue 11): it was left alone as a changed committed session is, and the user stayed
 * signed in (the record too, on the server-side storages).
 */
function endedAfterCommit(session) {
  return !session[disposed] && session.destroyed && !endingSetCookies.has(session) && !endedInStore.has(session);
}

/**
 * What goes beside a session the handler committed or destroyed through the storage. Destroyed by hand, with
 * nothing in the response for the cookie it ended: the handler left that header out, or a framework dropped it
 * (React Router's error boundary keeps only its routes' headers, on a redirect or a 4xx as on a 5xx), so what ended
 * it goes again. Else what its commit left beside its header (leftoversBeside). Known by the session's own records,
 * not its live state. Regressions (review): a logout whose page then redirected to /login stayed signed in; a
 * session disposed after a hand commit made the response a 500; on a 5xx, a logout resent after a new sign-in's
 * header (a switch of user) expired the new session.
 */
function endingOrLeftovers(session, present) {
  const ending = endingSetCookies.get(session);
  // Ended in a server-side store with no logout header made (a commit a revocation refused, Remix's save): its
  // record is gone, and so go its own headers from before (they name it), so a new session's header is the one the
  // browser keeps. Regression (review): appended after a switch of user's, a hand commit of the logged-out session
  // left the browser with a cookie that named nothing. A destroySession's header is resent as below.
  if (ending === undefined && endedInStore.has(session)) {
    return { setCookie: leftoversBeside(session, present), replacing: ownHeaders(session, present).taken };
  }
  // Committed by hand, and logged out by another copy of it: that logout stands over the commit's headers.
  if (ending === undefined && loggedOutByCopy(present, session)) return { setCookie: undefined, replacing: ownHeaders(session, present).taken };
  if (ending === undefined) {
    const superseded = withExpiryRepeats(session, present, supersededCommits(session, present));
    return { setCookie: leftoversBeside(session, present, superseded), replacing: superseded };
  }
  // Its own commits from before the logout, which the logout supersedes, go from the response: the browser keeps a
  // cookie's last header, which one of them may be (a middleware's hand commit, appended after the route's). So a
  // switch of user keeps the new user's header alone. Regressions (review): appended after it, a commit of the
  // logged-out session signed it in again; a resent logout went out beside that commit (two headers, one cookie).
  const { taken: replacing, rest: others } = ownHeaders(session, present);
  if (!setsEndedCookie(others, ending[0], session)) {
    // The expiries those commits returned beside their cookie (the migrateFrom cookie's, stray chunks') go once, too.
    return { setCookie: ending.filter((header) => !present().includes(header)), replacing: withExpiryRepeats(session, present, replacing) };
  }
  // The logout's headers put in more than once (destroySession, then commitSession of the destroyed session: each
  // returns them) go once. Regression (audit of issue 11): two identical Set-Cookies for the session's cookie.
  const repeated = others.filter((header, at) => ending.includes(header) && others.indexOf(header) !== at);
  const dropped = repeated.length > 0 ? [...replacing, ...repeated] : replacing;
  return { setCookie: leftoversBeside(session, present, dropped), replacing: dropped };
}

/**
 * `present()`, a response's Set-Cookies, split into those a commit of `session` made (`taken`: as many of each as
 * it made, the earliest first) and the rest, another session's even when of the same bytes. Regression (review): a
 * fresh sign-in of the same data (the same bytes) went with the logged-out session's header, and nobody was
 * signed in.
 */
function ownHeaders(session, present) {
  return takeEach(present(), session[committedHere]);
}

/**
 * The session's own headers in `present()` but those of its latest commit there, when several of its commits set its
 * cookies: a framework merges each route's headers in its own order (React Router puts a parent's first), so an
 * earlier commit's headers may come last, and the browser would keep them. A commit's headers are noted its cookie's
 * first, then its chunks' (js/cookie-storage.js). Regressions: (React Router lifecycle audit) a child action's hand
 * commit came after the root loader's later one, and a sign-out (or a rotation) made there was undone; (s50) the
 * same for a chunked session, whose chunks were left as the app put them: the browser kept the earlier commit's
 * chunks, or a mix of both commits' that read as no session.
 */
function supersededCommits(session, present) {
  const identity = session[sessionCookie];
  if (identity === undefined) return undefined;
  const own = ownHeaders(session, present).taken;
  if (own.length < 2 || !own.every((header) => setsSessionCookies(header, identity))) return undefined;
  const order = session[committedHere];
  let start = order.length - 1; // the latest commit the response has: its cookie's own header, then its chunks'
  while (start >= 0 && !(setsCookie(order[start], identity) && own.includes(order[start]))) start--;
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < order.length && !setsCookie(order[end], identity)) end++;
  const { rest } = takeEach(own, order.slice(start, end));
  return rest.length > 0 ? rest : undefined;
}

/**
 * `replacing` and the earlier of each repeated expiry in `present()` that a commit of `session` returns beside its
 * cookie: every commitSessionHeaders returns the same bytes for the migrateFrom cookie (js/cookie-storage.js
 * expiringHeaders: commit options do not reach them) and its chunks, and for the session's own chunks the browser
 * holds and the commit does not use; one of each goes out (the last, where the browser reads it). Dropping an
 * earlier copy of a header repeated later never changes what the browser keeps. Regressions: (s50 scenario pass) two
 * commitSessionHeaders put in the response, the earlier's `__session` header went (supersededCommits) but both
 * expiries of `__old` stayed; so too when a logout by hand, its header left out, followed them; (s51) only `__old`'s
 * were looked for: a stray `__session.1` or `__old.1` the browser held was expired twice.
 */
function withExpiryRepeats(session, present, replacing) {
  const identity = session[sessionCookie];
  if (identity === undefined) return replacing;
  const old = identity.migratedFrom;
  const besideCommit = (name) => isChunkOf(name, identity.name) || (old !== undefined && (name === old || isChunkOf(name, old)));
  const headers = present();
  const repeats = headers.filter((header, at) => {
    if (headers.indexOf(header, at + 1) === -1) return false;
    const set = cookieIdentityOfHeader(header);
    return set !== undefined && besideCommit(set.name) && endsCookie(header, { ...set, path: set.path ?? identity.path });
  });
  return repeats.length === 0 ? replacing : [...(replacing ?? []), ...repeats];
}

/** `headers` split into `taken`, one occurrence of each of `wanted` (the earliest), and the `rest`. */
function takeEach(headers, wanted) {
  const left = [...wanted];
  const taken = [];
  const rest = [];
  for (const header of headers) {
    const at = left.indexOf(header);
    if (at === -1) {
      rest.push(header);
    } else {
      left.splice(at, 1);
      taken.push(header);
    }
  }
  return { taken, rest };
}

/**
 * The lifecycle's own write, `setCookie`, with what its one header could not carry: a storage wrapped in the app's
 * code has only commitSession and destroySession, whose leftovers (the migrateFrom cookie's expiry, expired chunks)
 * go beside it as after a handler's own commit (ours give them all through commitSessionHeaders). Regression
 * (review): a wrapped storage's logout left the migrateFrom cookie, read again on the next request.
 */
function withLeftovers(session, setCookie) {
  const left = leftoverSetCookies.get(session);
  if (left === undefined || setCookie === undefined) return setCookie;
  leftoverSetCookies.delete(session);
  const headers = typeof setCookie === 'string' ? [setCookie] : setCookie;
  const more = (left.byHeader.get(headers[0]) ?? []).filter((header) => !headers.includes(header));
  return more.length > 0 ? [...headers, ...more] : setCookie;
}

/** The Set-Cookies a skipped rewrite would have sent beside its own, those the response lacks; undefined for none. */
async function besideSkipped(session, present) {
  const beside = (await besideSkippedRewrite.get(session)?.()) ?? [];
  if (beside.length === 0) return undefined;
  const missing = beside.filter((header) => !present().includes(header));
  return missing.length > 0 ? missing : undefined;
}

/**
 * Any write of a session paces the renewals after it, as a rewrite does. Regression: a sign-in written at 10.99 s
 * and the redirect's read at 11.01 s, whose renewal the core (then counting whole seconds) found due, wrote a KV
 * record twice within 20 ms (KV refuses a key's second write within a second). And a renewal of a session read
 * before it is not written at all (claimRewrite), whatever the window: it would put back what this write changed.
 * A cookie session's is noted by the Cookie header it was read from, which a request racing it carries too, when
 * another request is in flight: one that begins later reads what this write sent.
 */
function rememberWrite(storage, session) {
  const id = storage[writtenId]?.(session); // no read of the session: a committed one would be restored for it
  const key = id ?? (storage[writtenId] === undefined && requestsInFlight > 1 ? readKeyOf(session) : undefined);
  if (key) rememberRewrite(storage, key);
}

/**
 * A copy of `response` with `setCookie` appended (one header or several):
 * responses from fetch() or Response.redirect() have immutable headers
 * (workers-pitfalls 3.11), and the copy shares the body stream untouched.
 * Every other Set-Cookie is kept: append, never set, never one joined header.
 * @param {Response} response
 * @param {string | string[] | undefined} setCookie
 * @param {string[]} [replacing] Set-Cookie headers the response drops first (a session's earlier commits')
 * @param {string[]} [present] the response's Set-Cookie headers, when read already
 */
export function appendSetCookie(response, setCookie, replacing, present) {
  const values = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  const all = replacing !== undefined && replacing.length > 0 ? (present ?? response.headers.getSetCookie()) : undefined;
  const kept = all === undefined ? undefined : takeEach(all, replacing).rest;
  const dropping = kept !== undefined && kept.length < all.length;
  if (values.length === 0 && !dropping) return response;
  const copy = new Response(response.body, response);
  if (dropping) {
    copy.headers.delete('Set-Cookie');
    for (const header of kept) copy.headers.append('Set-Cookie', header);
  }
  for (const value of values) copy.headers.append('Set-Cookie', value);
  if (values.length > 0) keepFromSharedCaches(copy.headers);
  return copy;
}

/**
 * Fields a shared cache obeys over Cache-Control: RFC 9213's targeted ones (CDN-Cache-Control, and each CDN's own,
 * Cloudflare-, Vercel-, Netlify-CDN-Cache-Control...), and Surrogate-Control (Fastly), Akamai's, Edge-Control and
 * nginx's X-Accel-Expires. Regression (adversarial pass): a list of three let Vercel's and Netlify's through.
 */
const SHARED_CACHE_FIELD = /^(?:(?:[a-z0-9]+-)*cdn-cache-control|surrogate-control|akamai-cache-control|edge-control|x-accel-expires)$/i;
/** `private` or `no-store` as a directive of its own (not `private="Set-Cookie"`, which lets the body be shared). */
const KEPT_FROM_SHARED = /^(?:private|no-store)$/i;
/** The directives that let a shared cache store a response: they go from one that sets a session's cookie. */
const LETS_SHARED_STORE = /^(?:public|s-maxage|proxy-revalidate)\b/i;

/**
 * The directives of a Cache-Control value, trimmed, split at the commas outside quoted strings (RFC 9110 5.6.4).
 * Regression (adversarial pass): split at every comma, `no-cache="Set-Cookie, Public-Key-Pins"` lost its second
 * half as if it were `public`, and the value was left with an open quote.
 */
function directivesOf(value) {
  const parts = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (quoted && code === 92 /* \\ */) i++;
    else if (code === 34 /* " */) quoted = !quoted;
    else if (code === 44 /* , */ && !quoted) {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts;
}

/**
 * `headers` of a response that sets a session's cookie, marked `private` (RFC 9111 5.2.2.7): a CDN or proxy that
 * stored it would hand the next visitor this visitor's cookie (their session: a fixation), or the page made from
 * it. Its directives for shared caches go (`public`, `s-maxage`, the CDN-targeted fields); the browser's stay. One
 * that says `private` or `no-store` already keeps its Cache-Control. Regression (pass on credentials in output):
 * `Cache-Control: public, max-age=300` went out beside the signed-in user's cookie, and a first page's CSRF token
 * (its Set-Cookie) with no Cache-Control at all. One look at the headers (a delete or get each costs ~1 µs in Node).
 */
function keepFromSharedCaches(headers) {
  let given = null;
  let shared;
  for (const [name, value] of headers) {
    if (name === 'cache-control') given = value;
    else if (SHARED_CACHE_FIELD.test(name)) (shared ??= []).push(name);
  }
  if (shared !== undefined) for (const name of shared) headers.delete(name);
  const directives = given === null ? [] : directivesOf(given);
  if (directives.some((directive) => KEPT_FROM_SHARED.test(directive))) return;
  const kept = directives.filter((directive) => directive !== '' && !LETS_SHARED_STORE.test(directive));
  headers.set('Cache-Control', kept.length === 0 ? 'private' : `private, ${kept.join(', ')}`);
}

/**
 * After the handler: writes what sessionSetCookie decides onto a copy of the
 * response. Resolves to that response, to `response` itself when nothing is
 * written, or to a 500 when the storage failed to save.
 * A server error (5xx) commits nothing: the request failed, so what it did to
 * the session is not kept, as when the handler throws (issue 4; Django's
 * session middleware skips its save on a 500 too). React Router hands its
 * middleware a thrown loader or action error as a 5xx Response, so the status
 * is the only sign of it there (an error that still rejects next() is taken as
 * withSession's handler throwing: endAfterThrow).
 * @param {object} storage
 * @param {import('./session.js').Session} session
 * @param {Response} response
 * @param {string} [method] the request's: a HEAD's changes are not written
 */
export async function finishSession(storage, session, response, method) {
  const finished = await finishedResponse(storage, session, response, method);
  // A write refused as the session ended meanwhile (another tab's sign-in moved it) sends no cookie and is no logout:
  // the browser may hold the sign-in's newer cookie, and its pages loaded ahead with it stay.
  const loggedOut = (wasDestroyed(session) && !refusedAsEnded.has(session)) || endsSessionCookie(finished, session);
  return loggedOut ? clearingSpeculativeLoads(finished) : finished;
}

/**
 * True when `response` ends the cookie `session` is written to: a logout the lifecycle keeps though `session` itself
 * was not destroyed (another copy of it logged out by hand: the app's own getSession, React Router's idiom of an
 * action that returns destroySession's header; a Hono app.mount sub-app's copy). Regression (adversarial pass):
 * only a logout of the lifecycle's own session object carried Clear-Site-Data, and such a logout left the signed-in
 * user's prefetched and prerendered pages in place.
 */
function endsSessionCookie(response, session) {
  const identity = session[sessionCookie];
  return identity !== undefined && response.status !== 0 && response.headers.getSetCookie().some((header) => endsCookie(header, identity));
}

async function finishedResponse(storage, session, response, method) {
  closeToJoins(session); // a nested lifecycle from now on opens its own (joined-sessions.js)
  // A cookie storage's revokeUserSessions keeping this session, still running (left in ctx.waitUntil): it signs the
  // session in anew, which only this response can carry (internal.js keepsUnderWay).
  if (keepsUnderWay.has(session)) await keptRevocationsSettled(session); // no extra turn for every response
  session[finishing](); // a change from now on would be neither written nor refused
  // A HEAD shows no page: what its handler did to the session for the page it did not send (a form's CSRF secret,
  // a flash used up, a visit counted, a renewal) is not written, and no cookie set; a logout still is. Hono and
  // React Router run a GET's handler for a HEAD. Regression (speculative loads pass): a link checker's or a
  // monitor's HEAD of a form page started a stored session per request (issue 14: a visitor who never sees a form
  // gets no session and no Set-Cookie), and one of a page with a pending flash used it up.
  // A hand commit on it is the handler's own, made: what its one header cannot carry (stale chunks' and the
  // migrateFrom cookie's expiry) still goes beside it, and a copy's logout still stands over it, as on a 5xx.
  // Regression (adversarial pass): on a HEAD neither went out. (Response.error(), status 0, takes no header.)
  if (method === 'HEAD' && !wasDestroyed(session)) {
    const kept = withoutLeftBehind(session, response);
    return response.status === 0 ? kept : copyLogoutKept(session, kept);
  }
  // Response.error() (status 0) failed as much as a 5xx, and cannot be copied to take a header. Regression: a
  // changed session made withSession throw a RangeError copying it.
  // But a logout made before it is still made in the store, as after a 5xx or a throw (no response can carry its
  // cookie). Regression (HTTP edges pass): the record stayed, and the old cookie still opened the session.
  if (response.status === 0) {
    await endAfterThrow(storage, session);
    return response;
  }
  // Refused by an inner mount's CSRF check, finished by an outer mount without csrf: nothing is committed, as
  // when the check is its own; also when the inner mount had a copy of the session (a Hono sub-app under
  // app.mount()) and this one has not changed since the refusal. Regressions (audits): a due renewal went out on
  // the 403, a pending flash was cleared, and a change the outer copy made before the refusal was written.
  if (unchangedSinceRefusal(session) || unchangedSince(csrfRefusals.get(response), session)) return withoutLeftBehind(session, response);
  if (response.status >= 500) return wasDestroyed(session) ? endedAnyway(storage, session, response) : copyLogoutKept(session, withoutLeftBehind(session, response));
  // Disposed by the handler with nothing written through the storage: its state is gone, nothing is left to write
  // (documented: dispose the request's own session only after committing or destroying it). Regression (review):
  // reading it threw SESSION_DISPOSED, and the response became a 500.
  if (session[disposed] && !session[settled]) return withoutLeftBehind(session, response);
  // Committed by the handler, then changed and refused (commitSession of a session that grew past one cookie):
  // what the lifecycle writes now is this session's latest, and the headers its earlier commits returned go.
  // Regression: both went out, two Set-Cookies for the session's cookie.
  const issued = session[settled] ? undefined : issuedSetCookies.get(session);
  const present = setCookiesOnce(response);
  let written;
  try {
    written = await sessionWrite(storage, session, present);
  } catch (error) {
    return storageFailed('saved', error);
  }
  // Written anew over a response that sets the session's cookies already (a Hono sub-app's copy, a copy committed
  // by hand): this write wins whole, its chunks not mixed with theirs. Regression (review): a copy's third chunk
  // stayed beside the lifecycle's two, and the session read as no session.
  return (
    writtenOverSessionCookies(response, session, written, present, issued) ??
    appendSetCookie(response, written.setCookie, written.replacing?.length ? [...(issued ?? []), ...written.replacing] : issued)
  );
}

/**
 * `response` less the expiring headers of hand commits of `session` that wrote nothing, left behind a move
 * (id-storage.js leftBehindSetCookie: issuedSetCookies, refusedAsEnded, the session neither settled nor destroyed),
 * on a response the lifecycle writes nothing onto (a 5xx, a CSRF refusal, a disposed session, Hono's onError answer):
 * they would sign the device out of the session the move made. Regression (adversarial pass): a Hono route that
 * committed by hand (c.header) and then threw got a 500 from Hono's error handler carrying that header, and the
 * device was signed out.
 */
export function withoutLeftBehind(session, response) {
  if (!refusedAsEnded.has(session) || session[settled] || wasDestroyed(session)) return response;
  const issued = issuedSetCookies.get(session);
  return issued === undefined ? response : appendSetCookie(response, undefined, issued);
}

/**
 * For a write made anew (`written.anew`): `response` with it in place of whatever the response sets for the
 * session's cookies and chunk cookies, or for any other cookie the write sets (the migrateFrom cookie's expiry),
 * and of `issued`, the session's own earlier headers; else undefined. Regression (s50 lifecycle pass): a hand
 * commitSessionHeaders during a migration, then session.destroy(): the logout went out beside that commit's
 * expiry of the old cookie, two Set-Cookies for it.
 */
function writtenOverSessionCookies(response, session, written, present, issued) {
  const identity = written.anew ? session[sessionCookie] : undefined;
  if (identity === undefined) return undefined;
  let others; // the cookies the write sets, read only for a header of another cookie in the response (rare)
  const setByWrite = () => (others ??= [written.setCookie ?? []].flat().map(cookieIdentityOfHeader).filter((set) => set !== undefined));
  const replaced = (header) => setsSessionCookies(header, identity) || setByWrite().some((set) => setsCookie(header, set));
  const replacing = [...(issued ?? []), ...present().filter(replaced)];
  return appendSetCookie(response, written.setCookie, replacing, present());
}

/**
 * `run()`'s Response, the handler's (withSession's handler, a middleware's next()); when it throws, its error
 * propagates and the session is ended where that needs no response (endAfterThrow). Regression (audit): under the
 * Hono and React Router middlewares, an error that got through next() after destroy() left the record.
 * @template T
 * @param {object} storage
 * @param {import('./session.js').Session} session
 * @param {() => Promise<T>} run
 * @returns {Promise<T>}
 */
export async function runHandler(storage, session, run) {
  try {
    return await runAsOpener(session, run);
  } catch (error) {
    await endAfterThrow(storage, session); // a logout made before the error still ends the session
    throw error;
  }
}

/**
 * After a handler that threw (withSession's: its error propagates, and no response carries a cookie): a destroyed
 * session is still ended where that needs no response (its record deleted; with userKey, its sign-out recorded),
 * as a logout followed by a 5xx is (endedAnyway). Nothing else of it is saved. Never
 * throws: the handler's error is the one to see. Regression (audit of issue 11): `destroy()` then a throw left the
 * record, and the stolen old cookie still opened the session.
 */
async function endAfterThrow(storage, session) {
  try {
    if (wasDestroyed(session)) await finishSession(storage, session, new Response(null, { status: 500 }));
  } catch (error) {
    console.error('edge-session: a destroyed session could not be ended after its handler threw:', error);
  }
}

/**
 * True when `session` was destroyed, also for one disposed after a hand commit or destroy (its live state is gone
 * with it, and a read of it throws SESSION_DISPOSED): then the storage's own records tell. Regression (review): a
 * 5xx over such a session made withSession reject.
 */
export function wasDestroyed(session) {
  if (endingSetCookies.has(session) || endedInStore.has(session)) return true;
  try {
    return session.destroyed;
  } catch {
    return false; // disposed: nothing of it is left to end
  }
}

/**
 * A 5xx whose session was destroyed (a logout, then a failure: React Router renders a logout action's page with
 * its loaders in the same request, and a failing one makes it a 500): the end of a session is no half-done write,
 * so it is made and sent anyway, the record deleted and the cookie expired, once. Regression: the 5xx rule kept
 * the session, and the logout was undone.
 */
async function endedAnyway(storage, session, response) {
  const present = setCookiesOnce(response);
  let ending;
  let replacing;
  try {
    if (session[settled] && !endedAfterCommit(session)) {
      // Destroyed through a cookie storage, or in a server-side store: decided as on any other response.
      ({ setCookie: ending, replacing } = endingOrLeftovers(session, present));
    } else {
      // Destroyed and not through the storage (destroy() only, or after a hand commit, or a storage of the app's
      // that recorded nothing): ended now, replacing its own earlier headers. Regressions: the old cookie stayed,
      // and the logout was undone; (audit of issue 11) a commit, then destroy(), was left alone.
      const written = await sessionWrite(storage, session, present);
      // Written anew, it replaces whatever the response sets for the session's cookies, as on any other status.
      // Regression (lifecycle model audit): another session's header stayed beside the logout, two for one cookie.
      const over = writtenOverSessionCookies(response, session, written, present);
      if (over !== undefined) return over;
      ending = written.setCookie;
      if (session[settled]) replacing = ownHeaders(session, present).taken;
    }
  } catch (error) {
    console.error('edge-session: a destroyed session could not be ended after a server error:', error);
    return response;
  }
  return appendSetCookie(response, [ending ?? []].flat().filter((header) => !present().includes(header)), replacing);
}

/**
 * True when `others`, a response's Set-Cookies less the session's own, has one for the cookie the expiring header
 * `ending` of `session` ends: its name, domain and path (a logout given another path or domain by its options ends
 * that cookie), or another header of the session's for it (a new session committed after the logout). Regression (review): checked
 * against the storage's cookie, a logout on /app resent after a new sign-in there expired the new session.
 */
function setsEndedCookie(others, ending, session) {
  const ended = cookieIdentityOfHeader(ending);
  const identity = { ...ended, path: ended.path ?? session[sessionCookie]?.path ?? '/' };
  // `others`: the response's headers less the session's own commits from before its logout. Regression (review): a
  // hand commit earlier in the request (a "last seen" stamp) counted as a newer sign-in, the dropped logout was not
  // sent, and the user stayed signed in.
  return others.some((header) => setsCookie(header, identity));
}

/**
 * A 5xx's `response`, less the hand commits of `session` when another copy of it logged out (a Hono sub-app that
 * failed after its logout): the 5xx writes nothing, but that logout is made and sent, as `session`'s own would be
 * (endedAnyway). Regression (review): a "last seen" hand commit appended after the sub-app's logout stayed last,
 * and the user stayed signed in. Else, with a hand commit's header in it, what that commit left beside its header
 * (leftoversBeside), as on any other status. Regression (lifecycle model audit): a chunked session shrunk by hand
 * on a 500 left its unused chunks in the browser.
 */
function copyLogoutKept(session, response) {
  // Not only a settled session: a later commitSession refused (SEVERAL_COOKIES) leaves it unsettled, its earlier hand
  // commit's header still in the response. Regression (s50 lifecycle pass): on a 5xx after such a refusal, the
  // migrateFrom cookie's expiry beside that header was not sent, and the old cookie's session came back once the new
  // cookie lapsed. One with no hand commit has nothing here.
  if (!session[settled] && session[committedHere].length === 0) return response;
  const present = setCookiesOnce(response);
  if (loggedOutByCopy(present, session)) return appendSetCookie(response, undefined, ownHeaders(session, present).taken, present());
  // Several hand commits: the latest's header alone, as on any other status. Regression (s50 React Router scenario
  // pass): on a HEAD or a 503, a child loader's earlier commit, put after the root loader's later one (parent
  // first), went out too and was the one the browser kept; on a memory storage whose later commit had
  // regenerateId(true), the user was signed out; (s50 withSession scenario pass) a middleware's stamp committed before
  // the route, appended after the route's later commit, was kept on a 500 or a HEAD.
  const superseded = withExpiryRepeats(session, present, supersededCommits(session, present));
  return appendSetCookie(response, leftoversBeside(session, present, superseded), superseded, present());
}

/** True when `present()`, a response's Set-Cookies, expires the cookie `session` is written to (a logout of a copy). */
function loggedOutByCopy(present, session) {
  const identity = session[sessionCookie];
  if (identity === undefined || !present().some((header) => endsCookie(header, identity))) return false;
  // Not by a commit of its own (`commitSession(session, { maxAge: 0 })`, a logout by hand of another kind).
  return ownHeaders(session, present).rest.some((header) => endsCookie(header, identity));
}

/** True when `present()`, a response's Set-Cookies, has one for the cookie `session` is written to (none if not ours). */
function setsSessionCookie(present, session) {
  const identity = session[sessionCookie];
  return identity !== undefined && present().some((header) => setsCookie(header, identity));
}

/**
 * In the request's `finally`: a lease held on the session (Durable Objects)
 * is released, the WASM memory freed. The session stays readable (from a
 * snapshot, restored on demand) for a body still streaming; it can no
 * longer change (SESSION_ENDED).
 * @param {object} storage
 * @param {import('./session.js').Session} session
 */
export async function closeSession(storage, session) {
  closeToJoins(session); // after a throw, finishSession did not run
  if (inFlight.delete(session)) requestsInFlight--;
  try {
    await storage[endRequest]?.(session);
  } finally {
    session[endOfRequest]();
  }
}
