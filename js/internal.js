// Symbols the package's modules use to reach each other's internals. They are
// not exported from the package entry, so they never show in the public API.

/** Cookie: `[cookieCore](format)` resolves to its WASM cookie handle. */
export const cookieCore = Symbol('edge-session.cookieCore');
/** Cookie: `[cookieCoreReady](format)` is that handle once resolved, else undefined. */
export const cookieCoreReady = Symbol('edge-session.cookieCoreReady');
/**
 * Cookie: `[parseVerified](cookieHeader)` resolves to parse's value and whether a retired secret verified it:
 * { value, oldSecret } (value null when absent or not verified).
 */
export const parseVerified = Symbol('edge-session.parseVerified');
/** Cookie: `[parseVerifiedText](cookieHeader)`: parseVerified's value as its JSON text (`json`, '' for none). */
export const parseVerifiedText = Symbol('edge-session.parseVerifiedText');
/** Cookie: `[serializeText](json, options?)`: serialize of a value given as JSON text, not stringified again. */
export const serializeText = Symbol('edge-session.serializeText');
/** Session: `[sessionHandle](core)` is its live WASM session's pointer, for a call of its own core (else CORE_RESET). */
export const sessionHandle = Symbol('edge-session.sessionHandle');
/** Session: `[forgetDeleteId](core)`: the store deleted the record deleteId named (id-storage.js). */
export const forgetDeleteId = Symbol('edge-session.forgetDeleteId');
/** Session: `[releaseSession]()` frees WASM memory, keeping a snapshot. */
export const releaseSession = Symbol('edge-session.releaseSession');
/**
 * Session: `[park]()` frees its WebAssembly memory, keeping its state as text, when its core holds too many
 * sessions (js/core-calls.js MAX_LIVE_SESSIONS); it stays usable, restored at its next use.
 */
export const park = Symbol('edge-session.park');
/** Session: `[heldByRequest]()` a request's lifecycle holds it and frees it at the request's end: parked only idle. */
export const heldByRequest = Symbol('edge-session.heldByRequest');
/**
 * Session: the links of the core's list of sessions to park (js/core-calls.js): the previous and next session in
 * it, and whether it is in it. Fields of every Session, so that the list needs no hashing (a Set's add and delete
 * cost ~7% of a bare cycle in Node).
 */
export const prevHolder = Symbol('edge-session.prevHolder');
export const nextHolder = Symbol('edge-session.nextHolder');
export const inHolders = Symbol('edge-session.inHolders');
/**
 * Session: the pointer its core watches (0: none), and whether the core's FinalizationRegistry has it. A session is
 * registered only once it leaves the list while holding memory: listed, it is held strongly, so the registry has
 * nothing to do, and its register and unregister cost ~7% of a bare cycle in Node (js/core-calls.js watch).
 */
export const heldPointer = Symbol('edge-session.heldPointer');
export const inRegistry = Symbol('edge-session.inRegistry');
/**
 * Session: whether it is a request's holding memory out of the core's list (js/core-calls.js leaveParking), and
 * whether the core's weak list of requests' sessions has it (parkIdleRequests).
 */
export const requestHolding = Symbol('edge-session.requestHolding');
export const inRequestList = Symbol('edge-session.inRequestList');
/** Storage: `[endRequest](session)` releases what a request held (a lock). */
export const endRequest = Symbol('edge-session.endRequest');
/** Session: `[endOfRequest]()` frees it and gives back its lease at the end of its request; it stays readable. */
export const endOfRequest = Symbol('edge-session.endOfRequest');
/** Session: `[changeCount]` counts the changes made through its methods. */
export const changeCount = Symbol('edge-session.changeCount');
/**
 * Session: `[unsentChange]` is true when a change its storage made must reach its next response whatever else
 * happens: a sign-in time a revocation stamped on the session it kept, which voided the cookie it had.
 */
export const unsentChange = Symbol('edge-session.unsentChange');
/** Session: `[finishing]()` once its request's lifecycle writes it: the handler's changes throw from then on. */
export const finishing = Symbol('edge-session.finishing');
/** Session: `[whenDisposed](callback)` runs callback once, at dispose() (gives back a lease). */
export const whenDisposed = Symbol('edge-session.whenDisposed');
/** Session: `[disposed]` is true once dispose() freed it (its live state is gone: a read throws SESSION_DISPOSED). */
export const disposed = Symbol('edge-session.disposed');
/**
 * Storage: `[openForRequest](cookieHeader)` is getSession for the one open a request's lifecycle makes
 * (withSession, the framework middlewares): no other open of the request came before it, so a holder of its
 * session in this isolate is another request, waited for in line rather than for `openTimeout` (Durable Objects).
 */
export const openForRequest = Symbol('edge-session.openForRequest');
/**
 * Session -> `{ byHeader }`: for each one-cookie Set-Cookie a handler's own commitSession or destroySession returned
 * (the key), the Set-Cookies it left for its request's lifecycle to send beside it (expiring the chunks a browser
 * still holds, or a migrateFrom cookie), which that one header could not carry. Kept by session, not by storage, so
 * that a storage wrapped in another object, or another instance of it, still has them sent; by header, so that
 * whichever of the session's commits a framework puts last in the response (React Router puts an action's after a
 * loader's) brings its own.
 */
export const leftoverSetCookies = new WeakMap();
/**
 * Session -> the Cookie header a cookie storage read it from: which cookies the browser holds (chunks, a
 * migrateFrom cookie), for whichever storage instance commits or destroys it.
 */
export const receivedCookieHeaders = new WeakMap();
/** The sessions a request lifecycle opened (withSession, the middlewares): it sends what their handler's own commit leaves. */
export const requestSessions = new WeakSet();
/**
 * The sessions a request lifecycle is writing after its handler (not a handler's own commit), for the whole of its
 * call of the storage's commit: an app's storage wrapping ours may await before calling it. Regression (review): a
 * one-slot mark cleared at that call's first await took such a write for a hand commit.
 */
export const lifecycleWrites = new WeakSet();
/**
 * The sessions a server-side storage of ours ended: its record deleted (destroySession), or a commit a revocation
 * refused. Their cookie names nothing any more, so nothing more is sent or deleted for them, whoever wraps the storage.
 */
export const endedInStore = new WeakSet();
/**
 * Sessions whose commit a server-side storage refused because they had ended meanwhile (their record deleted by
 * another request, or their user's sessions revoked): the cookie the request carried names nothing now.
 */
export const refusedAsEnded = new WeakSet();
/**
 * Cookie storage: a revokeUserSessions under way that keeps a Session (`except`) -> that call, settled either way. The
 * kept device is signed in anew, which only its request's response can carry, so its request lifecycle waits for the
 * call before writing the session (one left running in ctx.waitUntil, so as not to delay the response). Regression
 * (service-binding pass): the response went out first, and the device asking to stay signed in was signed out.
 */
export const keepsUnderWay = new WeakMap();
/**
 * Waits for every keepsUnderWay revocation of `session`, one started while an earlier was waited for included (a
 * second job of the request). Regression (adversarial pass): only the first was waited for, and the second's mark
 * voided the cookie the response carried.
 */
export async function keptRevocationsSettled(session) {
  for (let keeping = keepsUnderWay.get(session); keeping !== undefined; keeping = keepsUnderWay.get(session)) {
    keepsUnderWay.delete(session);
    await keeping;
  }
}
/**
 * Cookie storage: Sessions a Remix v3 save() wrote (its middleware's, once the handler answered): a revokeUserSessions
 * keeping one now could never send the kept device its new cookie, so it throws SESSION_ENDED, as under withSession.
 * Regression (adversarial pass): it went ahead, and signed that device out with the others.
 */
export const savedForResponse = new WeakSet();
/** Session: `[assertChangeable]()` throws SessionDataError SESSION_ENDED once its request's lifecycle writes it or ended. */
export const assertChangeable = Symbol('edge-session.assertChangeable');
/**
 * Session -> editClock() when a CSRF check (js/csrf.js checkCsrf) refused its request. A lifecycle that still
 * finishes the session after the 403 writes nothing then (unchangedSinceRefusal), as a refused request commits
 * nothing under withSession (a pending flash, which any commit clears, is kept for the user's next genuine
 * request): Remix's session middleware, which saves after any answer, over our storages' save(); an outer mount of
 * the Hono or React Router middleware without csrf over the inner mount's 403 (finishSession). A logout, or a
 * change a middleware ahead made after the refusal (a flash saying the form expired), is saved. Regression
 * (review): such a flash was dropped with the refusal.
 */
export const refusedRequests = new WeakMap();

/**
 * The 403 and 413 Responses CSRF checks answered with -> editClock() at the refusal: a lifecycle whose own session
 * is another copy (a Hono sub-app under app.mount() opens its own) still knows the request was refused, and which
 * of its copy's changes came after ([lastEdit]).
 */
export const csrfRefusals = new WeakMap();

let edits = 0;
/** A count of every session change in this isolate, the order they were made in: [lastEdit] is one of its values. */
export const editClock = () => edits;
/** The next value of editClock(), for a change being made. */
export const nextEdit = () => ++edits;

/**
 * Session: `[lastEdit]` is the editClock() value of its latest change (0 when none): one through its methods, or
 * one its storages made to what its next write sends (a commit, a sign-in time a revocation stamped, a commit
 * whose header nobody got).
 */
export const lastEdit = Symbol('edge-session.lastEdit');

/** True when nothing is to be written for `session`: its request was refused, and it has not changed since. */
export function unchangedSinceRefusal(session) {
  return unchangedSince(refusedRequests.get(session), session);
}

/**
 * True when a refusal at editClock() `refusedAt` (undefined: none) stands for `session`: no change of it since,
 * and nothing it must send anyway.
 */
export function unchangedSince(refusedAt, session) {
  return refusedAt !== undefined && session[lastEdit] <= refusedAt && nothingToSendAnyway(session);
}

/**
 * True unless `session` has what a refused request still writes: a logout, or a change its storage made that
 * cannot be taken back (a revocation made before the check stamped the session it kept: unsent, that device would
 * be signed out too). Regression (review): such a stamp, counted into the refusal, was dropped with it.
 */
export function nothingToSendAnyway(session) {
  try {
    return !session.destroyed && !session[unsentChange];
  } catch {
    return false; // disposed: the caller's own path for a disposed session decides
  }
}

/**
 * The methods every session a helper takes has (ours, React Router's, Remix's), which a framework's context lacks:
 * Hono's c, React Router's and Remix's contexts have get and set of their own. Regression (s48 mutation pass):
 * csrfToken(c) kept its secret in c's variables and answered a token no post could match.
 */
const SESSION_METHODS = ['get', 'set', 'flash'];

/**
 * Throws a TypeError naming `caller` unless `session` is a session (its `method`, and get, set and flash, functions):
 * a helper handed undefined (a Hono route registered before app.use(sessionMiddleware), a loader before the
 * middleware ran) failed on a bare property read that named no session (black-box pass).
 * @param {unknown} session
 * @param {string} caller
 * @param {string} method the session method the helper calls
 */
export function checkSessionArgument(session, caller, method) {
  if (
    session === null ||
    typeof session !== 'object' ||
    typeof session[method] !== 'function' ||
    !SESSION_METHODS.every((name) => typeof session[name] === 'function')
  ) {
    const got = session === null ? 'null' : typeof session;
    throw new TypeError(`${caller}: expected the request's session (c.var.session, context.get(sessionContext), withSession's { session }), got ${got}`);
  }
}

/** True for an object that is neither null nor an array: an options object, a JSON object. */
export function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `object[key] = value` as an own property whatever the key: defined, not assigned, so that a key named __proto__
 * (a form field's name, a session key) is kept rather than setting the object's prototype.
 */
export function setOwn(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
/**
 * Sessions whose cookie value is base64-encoded twice: sealed by our storage, then encoded again by Remix's Cookie
 * (Remix v3's read/save with `encrypt`). keepForm's default budget for them is 3/4 of its own (flash.js).
 */
export const encodedTwice = new WeakSet();
/** Storage: `[writtenId](session)` is the ID of the record its last commit in this isolate wrote, else undefined. */
export const writtenId = Symbol('edge-session.writtenId');
/** Storage: `[rewriteWindow]` is its renewal window in ms (lifetime.js rewriteWindowOf). */
export const rewriteWindow = Symbol('edge-session.rewriteWindow');
/** Session: `[assignStoredId](id)` records the ID a store created it under. */
export const assignStoredId = Symbol('edge-session.assignStoredId');
/** Session: `[leaveId]()` gives it a new ID, the one it was read under deleted at its commit (CSRF secret kept). */
export const leaveId = Symbol('edge-session.leaveId');
/**
 * Session: `[provisionalId]` is the ID Remix v3's read() gave it, fresh and in no store (Remix's Session always has
 * one), while no store's ID or regenerateId replaced it; else ''. Its `id` until then; the core's stays '', so its
 * first save stores it as one made up here (id-storage.js writeRecord): under that ID, or createData's.
 */
export const provisionalId = Symbol('edge-session.provisionalId');
/**
 * Session: `[newSessionId]` makes the IDs regenerateId() and a user switch give it: its storage's, bound to that
 * storage's cookie (issueSessionId), for a session an ID storage read; else 128 random bits (randomSessionId).
 */
export const newSessionId = Symbol('edge-session.newSessionId');
/** Session: `[arrivedId]()` is the ID it arrived with (read under, given to createSession, or a store's), '' when none. */
export const arrivedId = Symbol('edge-session.arrivedId');
/** Session: `[markDestroyed]()` destroys it as destroySession does (no throw once released). */
export const markDestroyed = Symbol('edge-session.markDestroyed');
/** Session: true once a storage committed or destroyed it in this request. */
export const settled = Symbol('edge-session.settled');
/**
 * Storage: `[refuseVoidedCommit](session)`, at a request lifecycle's end, for a session its handler committed by
 * hand: ends it as refused when its user's revocation voided it since (a cookie storage's `revocation`), as a
 * commit made then would be; its hand commits' headers then go from the response. True when refused.
 */
export const refuseVoidedCommit = Symbol('edge-session.refuseVoidedCommit');
/**
 * Session -> the Set-Cookie headers a chunked cookie storage's commitSession and commitSessionHeaders returned for
 * it in this request: what the lifecycle drops from the response when it writes the session after a later
 * commitSession was refused (SEVERAL_COOKIES), so that its cookies are set once, by one commit.
 */
export const issuedSetCookies = new WeakMap();
/** Session: `[mustRewrite]()` makes its next response write it even untouched (format migration). */
export const mustRewrite = Symbol('edge-session.mustRewrite');
/** Session: `[commitNotSent]()` after a commit whose Set-Cookie was never handed out: it is still to be written. */
export const commitNotSent = Symbol('edge-session.commitNotSent');
/** Session: `[sessionTimes]()` is { created, touched, expires, signedIn, present } (js/core-calls.js times). */
export const sessionTimes = Symbol('edge-session.sessionTimes');
/** Session: `[recordSignIn](ms)` records when its user signed in (0 forgets it); its commit writes it. */
export const recordSignIn = Symbol('edge-session.recordSignIn');
/** Session: true when it was read under a retired secret. */
export const needsResign = Symbol('edge-session.needsResign');
/**
 * Errors a store's write threw having written nothing for sure (a Durable Object's lapsed lease): a commit that
 * fails so undoes the listing of the ID it read; after any other failed write the record may have landed.
 */
export const nothingWritten = new WeakSet();
/** Session: `[mustWrite]()` makes it a change its next response writes, like any other (a revocation kept it). */
export const mustWrite = Symbol('edge-session.mustWrite');
/**
 * Session: `[ownChange]` is true when it holds a change of its own to write (a value, a flash set, a destroy, a new
 * ID, a stamp that must be written), not merely a renewal or a flash that arrived and is to be cleared.
 */
export const ownChange = Symbol('edge-session.ownChange');
/**
 * Session: `[sessionCookie]` is the cookie the storage that read it writes it to, `{ name, domain, path, chunks }`
 * (js/cookie-identity.js): a request's lifecycle writes no renewal over a response that sets it already, and
 * its own write replaces what the response sets for it. Kept by the session, not the storage: an app's wrapper
 * around our storages (one or several) is another object, whose sessions are still ours.
 */
export const sessionCookie = Symbol('edge-session.sessionCookie');
/**
 * Session: `[noteCommitted](header)` after a storage's commit made `header` for it; `[committedHere]` is those
 * headers, repeats kept: in a response, as many of each are its own (a logout by hand supersedes them), the rest
 * another session's (a header of the same bytes: a new session of the same data).
 */
export const noteCommitted = Symbol('edge-session.noteCommitted');
/**
 * Session: `[readWithUserKey](key)` when a storage reads it (`key`: its userKey, if any); `[userKeySetHere](key)`
 * says whether the app may have set `key` itself since: a value there that no storage can index is then refused
 * at commit, else (read so: from before userKey) it is no user, as it was read.
 */
export const readWithUserKey = Symbol('edge-session.readWithUserKey');
export const userKeySetHere = Symbol('edge-session.userKeySetHere');
/** Session: `[storedValue](key)`, the value under `key`, never an incoming flash (who its user is: user-sessions.js). */
export const storedValue = Symbol('edge-session.storedValue');
export const committedHere = Symbol('edge-session.committedHere');
/**
 * Session -> `() => Promise<string[]>`: the Set-Cookies a rewrite of it (a renewal, a migration) would have sent
 * for other cookies, to send when the lifecycle skips it: the migrateFrom cookie's expiry, when its request
 * carried that cookie. Kept by the session, as its [sessionCookie] is (an app's wrapper has none of our symbols).
 */
export const besideSkippedRewrite = new WeakMap();
/**
 * Session -> the expiring Set-Cookies that end it, as a storage's destroySession (or a commit of the destroyed
 * session) made them: its cookie's first, then what that header cannot carry (chunks the browser holds, the
 * migrateFrom cookie). A cookie storage's cookie holds the session, and a server-side storage's should not outlive
 * its record: the request's lifecycle sends them again when the handler left them out or a framework dropped
 * them, without calling the storage a second time (a second sign-out recorded, an app's wrapper run twice).
 */
export const endingSetCookies = new WeakMap();

/** The session key holding the CSRF secret (js/csrf-token.js); regenerateId drops it (js/session.js). */
export const CSRF_SESSION_KEY = '__csrf';

/** Bytes of one Set-Cookie browsers keep (RFC 6265 §6.1 minimum, what all enforce). */
export const MAX_SET_COOKIE_BYTES = 4096;

/** The largest Cookie header worth parsing; browsers send far less. */
export const MAX_COOKIE_HEADER_LENGTH = 64 * 1024;

// What one session may hold (src/session.h, README "Limits"): JSON text in
// UTF-8 bytes. A string of more UTF-16 units than a limit's bytes is over it
// whatever it holds, so it is refused before it is copied into WASM memory.
/** A value's JSON text (with its key). */
export const MAX_VALUE_BYTES = 128 * 1024;
/** A session's data: what a commit stores, a record a store returns. */
export const MAX_SESSION_BYTES = 512 * 1024;
/**
 * The room a session's data leaves for its times, which a commit adds (`,"__es__":[c,t,e,s]`, each at most 2^53:
 * src/session_times.h kMaxTimesMemberBytes). Audit of issue 10.4: data at the limit committed a record over it.
 */
export const MAX_TIMES_MEMBER_BYTES = 79;
/** A key's length, in UTF-16 units. */
export const MAX_KEY_LENGTH = 1024;

/** The units fitsUtf8 encodes at a time, into a scratch buffer of three bytes each. */
const UTF8_CHUNK_UNITS = 8192;
let utf8Scratch;
let utf8Encoder;

/**
 * Whether `text` is at most `limit` bytes in UTF-8, where limits are counted: a character takes up to 3 bytes
 * (4 for a surrogate pair, 3 for a lone surrogate, which becomes U+FFFD), so text of at most limit / 3 units fits
 * unscanned and text of more than `limit` units never does. Between the two it is encoded a chunk at a time into a
 * small scratch buffer (TextEncoder: 300,000 units of ASCII in ~8 µs in Node, where a charCodeAt loop took ~800 µs,
 * half the read of a 300 KB record).
 * @param {string} text
 * @param {number} limit
 */
export function fitsUtf8(text, limit) {
  if (text.length > limit) return false;
  if (text.length * 3 <= limit) return true;
  utf8Scratch ??= new Uint8Array(3 * UTF8_CHUNK_UNITS);
  utf8Encoder ??= new TextEncoder();
  let bytes = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + UTF8_CHUNK_UNITS, text.length);
    // A surrogate pair cut in two would count as two U+FFFD (6 bytes): it stays in one chunk.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    bytes += utf8Encoder.encodeInto(text.slice(start, end), utf8Scratch).written;
    if (bytes > limit) return false;
    start = end;
  }
  return true;
}

/**
 * What randomSessionId() and issueSessionId() make: the only ID shapes our own stores accept. 40 hex: an ID
 * issueSessionId makes now; 32 hex: randomSessionId's, and the IDs issueSessionId made before (24 random + tag).
 */
const ISSUED_ID = /^[0-9a-f]{32}(?:[0-9a-f]{8})?$/;

/** True for an ID randomSessionId() or issueSessionId() could have made (the backends' own check). */
export function isIssuedSessionId(id) {
  return typeof id === 'string' && ISSUED_ID.test(id);
}

// Server-side sessions' IDs are bound to the name of the cookie they are issued for (issue 10.5): 32 random hex
// characters (128 bits, issue 3's minimum) and 8 of a tag of the cookie's name and those. IDs issued before were
// 24 random hex characters and the tag (32 in all); they stay valid until their sessions end. The signed ID cookie (React Router's format)
// signs its value only, so an ID signed for one cookie, renamed to another's name under the same secret, verifies;
// its tag then names the other cookie, and no storage of this one opens it. The tag is no secret and needs none:
// the whole ID is the record's key, so a tag made up for this cookie names no record another cookie's storage wrote.
const TAG_HEX = 8;

/** 32 bits of the cookie's name and an ID's random part, as 8 hex characters (a fixed public mix, no secret). */
function nameTag(cookieName, random) {
  let hash = 0x9e3779b9;
  const text = `${cookieName}\n${random}`;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x5bd1e995);
    hash ^= hash >>> 13;
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0).toString(16).padStart(8, '0');
}

/**
 * A new session ID for a record named by the cookie `cookieName`: 128 random bits and their tag, 40 hex.
 * `random`: 32 hex characters to use instead (the tests' fixed IDs; 24 makes an ID of the earlier, 32-hex shape).
 */
export function issueSessionId(cookieName, random = randomSessionId()) {
  return random + nameTag(cookieName, random);
}

/** True for an ID issueSessionId(cookieName) could have made: of our shape, and issued for that cookie's name. */
export function isSessionIdFor(id, cookieName) {
  return isIssuedSessionId(id) && id.slice(-TAG_HEX) === nameTag(cookieName, id.slice(0, -TAG_HEX));
}

/** 128 random bits from the platform CSPRNG, as 32 hex characters. */
export function randomSessionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += (byte < 16 ? '0' : '') + byte.toString(16);
  return id;
}
