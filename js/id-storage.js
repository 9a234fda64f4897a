// The shared logic of every server-side storage: the cookie holds only the
// signed session ID (React Router's layout: the JSON string of the ID), the
// data lives in a store as the core's record text. Stores speak text so KV,
// Durable Objects and files never convert the data twice.
import { checkExpiresOption, cookieExpiresOption, cookieIdentityOf, cookieMaxAge, expiringSetCookie, FORMATS, maxAgeError, readValue, refuseCodecs } from './cookie.js';
import { SessionStorageError, shownId, storageCall } from './errors.js';
import { cookieHeaderFor } from './cookie-header.js';
import {
  assignStoredId,
  changeCount,
  cookieCore,
  endedInStore,
  endingSetCookies,
  noteCommitted,
  readWithUserKey,
  refusedAsEnded,
  issuedSetCookies,
  lifecycleWrites,
  requestSessions,
  endRequest,
  fitsUtf8,
  isSessionIdFor,
  issueSessionId,
  leaveId,
  markDestroyed,
  needsResign,
  MAX_SESSION_BYTES,
  openForRequest,
  newSessionId,
  provisionalId,
  arrivedId,
  recordSignIn,
  unchangedSinceRefusal,
  releaseSession,
  sessionHandle,
  forgetDeleteId,
  sessionTimes,
  settled,
  rewriteWindow,
  sessionCookie,
  writtenId,
  whenDisposed,
  nothingWritten,
  savedForResponse,
} from './internal.js';
import { dateIn, earlierEnd, endOf, expiresAtOf, lifetimeOf, lifetimeUnderMaxAge, rewriteWindowOf } from './lifetime.js';
import { forgetCoreAfterTrap } from './loader.js';
import { claimRewrite, forgetRewrite, rememberRewrite } from './rewrite-window.js';
import { deletedSince, deleteNoted, readMark } from './recent-deletes.js';
import { committedSince, lastCommittedUser, noteCommittedUser } from './recent-users.js';
import { checkSession } from './cookie-storage.js';
import { isSession, wrapSession } from './session.js';
import { COMMIT, LOGOUT, twinSessions, USERS } from './twin-sessions.js';
import {
  createRevocationCache,
  revokedThrough,
  currentOf,
  exceptIdOf,
  exceptOf,
  isRevoked,
  keepSignedIn,
  nextStamp,
  noteSignInSent,
  restoreSignInSent,
  signedInAt,
  signedInBy,
  stampSignIn,
  userIdOf,
  committedUserOf,
  unlistedLater,
  userOf,
} from './user-sessions.js';
import { isTooLargeToWrite, warnIfUnsigned, warnRewriteTooLarge } from './warnings.js';

/**
 * Session -> { user, id, unlisted?, backend, at }: its user when read (or last committed; `at`, a mark of
 * recent-deletes.js's sequence taken then), whichever instance of a storage
 * commits it (a route's own, or a factory called again): a commit through another instance than the one that read
 * the session is no sign-in. Regression (review): it was kept per instance, so such a commit was taken for a
 * sign-in, stamped after a revocation made meanwhile, and the revoked session lived on (KV, callbacks) or was
 * written anew (Durable Objects).
 */
const usersAtRead = new WeakMap();
/** Session -> { id, backend }: the record it was read from or created as, and where (see `backend` below). */
const storedIds = new WeakMap();
/**
 * Session -> Map(id -> { backend, user }): the records of it this request read or wrote and did not delete, under
 * every ID it went by (regenerateId() keeps the old record), storedIds' among them, each with the user it was read
 * or written with (listed under): a logout ends them all, and takes each off its user's list.
 */
const knownIds = new WeakMap();
/** Session -> its commit, destroy, save, listing or revocation under way here, through any storage (inTurn). */
const inFlight = new WeakMap();

/**
 * What createData returned, for the error that refuses it: a string as JSON, any other value by its type (and a
 * primitive's value), never by JSON.stringify, which throws for a BigInt. Regression (audit): a BigInt ID made a bare
 * TypeError in place of INVALID_SESSION_ID.
 */
function describedId(id) {
  // As logs show an ID (shownId): this message reaches them (withSession logs a failed commit). Regression
  // (observability pass): the whole ID was quoted.
  // With what a developer needs to see why it is refused, which lies past those 8 characters: its length, and the
  // first character outside the default isValidId's A-Z a-z 0-9 _ - (a base64 "/", a prefix's ":"). Regression
  // (adversarial pass): cut, the message said nothing to act on.
  if (typeof id === 'string') {
    const odd = /[^A-Za-z0-9_-]/u.exec(id)?.[0];
    return `${JSON.stringify(shownId(id))} (${id.length} characters${odd === undefined ? '' : `, with ${JSON.stringify(odd)}`})`;
  }
  if (id === null || id === undefined) return String(id);
  if (typeof id === 'object' || typeof id === 'function' || typeof id === 'symbol') return `(a ${typeof id})`;
  return `${id} (a ${typeof id}, not a string)`;
}

/**
 * @typedef {object} RecordStore
 * @property {(record: string, expires?: Date, newId?: () => string) => Promise<string>} create stores a new record, returns
 *   its new ID: one `newId()` made (an ID of the storage's cookie), or the backend's own (createsIds)
 * @property {(id: string, how: { forRequest: boolean }) => Promise<string | null | { record: string | null, lease?: Lease, moved?: boolean, movedTo?: { to: string, user?: string } }>} read
 *   the record, or null when missing or expired (`forRequest`: the request lifecycle's own open, see
 *   internal.js openForRequest); `{ record: null, moved: true, movedTo }` when a move deleted it (the ID a
 *   regenerateId(true) leaves: delete with a lease and no `logout`) as this read waited behind it, or just before
 *   (its session writes nothing unless it signs in: writeRecord), `movedTo` where that move went (endMoved). A
 *   store that serialises the
 *   requests of one session (Durable Objects) returns a lease with it: the
 *   session is locked until the lease is passed to update/delete or released.
 *   The same lease is passed again to a later update/delete in the request,
 *   which must take the session again or fail (js/durable-object-storage.js).
 * @property {(id: string, record: string, expires?: Date, lease?: Lease) => Promise<void | boolean>} update creates or
 *   replaces; false when it wrote nothing after all (Workers KV: a write tried again after the key's deletion)
 * @property {(id: string, record: string, expires?: Date, source: string) => Promise<boolean>} [replace] writes the
 *   record of `id` only while the record `source` (the one this request read or created; `id` itself unless the ID
 *   changed) is still there, atomically against delete; else writes nothing and resolves to false. So a request
 *   in flight cannot write back a session another request destroyed (a logout) meanwhile
 * @property {boolean} [createsIds] the backend makes the IDs (createSessionStorage's createData): a session given
 *   an ID here (regenerateId, a user switch) is created anew, under the ID the store makes
 * @property {(id: string) => Promise<boolean>} [exists] for a store whose writes are unconditional (neither replace
 *   nor a lease: KV, callbacks): whether the record of `id` is there, asked before a write only when this isolate
 *   can no longer tell whether it deleted it meanwhile (js/recent-deletes.js forgets after a minute). Such a store's
 *   write during another request's delete of the record is followed by that delete again.
 * @property {(id: string, lease?: Lease, logout?: boolean, movedTo?: { to: string, user?: string }) => Promise<void>} delete
 *   `logout`: a logout's, made after its lease lapsed too while no other request wrote since; a regenerated ID's
 *   original is deleted only under it (with its lease, `logout` false: a move, which reads waiting behind it are
 *   told of, with `movedTo`, the ID it went to and its user)
 * @property {(movedTo: { to: string, user?: string }) => Promise<void>} [endMoved] ends the session a move went to
 *   (and those later moves of it went to): a logout read behind that move is that browser's (deleteSession)
 * @property {boolean} [ordersRequests] the store runs a session's requests one at a time itself (Durable Objects'
 *   leases): commits of Session objects read from one cookie are not ordered here too (twin-sessions.js)
 * @property {(id: string) => boolean} [isValidId] the ID shape the store
 *   issues; a cookie naming any other ID never reaches the store. Default:
 *   what issueSessionId(cookie.name) makes (the `newId` given to create).
 * @property {number} [minRewriteInterval] the least time (ms) between two writes of one record the store takes
 *   (Workers KV: one write per second per key), which paces renewals where it leaves them room (rewriteWindowOf)
 * @property {object | string | (() => object | string)} [backend] what holds the records (a Map, a directory, a KV or
 *   Durable Object namespace), or a function that says so when asked: instances of a storage over one backend share
 *   what they know of a session's read; unknown: this instance alone
 * @property {() => object} [revocationsIn] what holds the users' revocation marks, when not the backend: the
 *   storages in this isolate over the same learn of one's revocation at once
 * @property {ReturnType<typeof lifetimeOf>} [lifetime] the storage's idle and
 *   absolute timeouts (js/lifetime.js); none by default.
 * @property {string} [userKey] the session key holding the user's ID (issue 14)
 * @property {UserStore} [users] the store's per-user index, needed with userKey
 *
 * @typedef {{ release(): Promise<void> }} Lease
 *
 * @typedef {object} UserStore what a store keeps per user (js/user-index.js)
 * @property {(userId: string, id: string, commit: { signedIn: number, signingIn: boolean, expiresAt: number | null, now: number, newId: boolean, keptByRevocation: boolean }) => Promise<false | { added?: { listing?: number } }>} register
 *   lists the session for a commit; false when it may not be written (revoked); else whether this call added it
 *   (`added`: its listing number, where the store numbers them), for a failed commit to undo. Sessions it evicts
 *   (over MAX_USER_SESSIONS) it ends itself, each delete noted (recent-deletes.js deleteNoted) under the store's
 *   `backend`, as a revocation's.
 * @property {(userId: string, id: string, listedAs?: { listing: number }) => Promise<void>} unregister
 *   `listedAs`: only while its entry is the one register added then
 * @property {(userId: string) => Promise<{ id: string, createdAt: number, lastSeenAt: number }[]>} list
 * @property {(userId: string, exceptId: string | undefined, at: number) => Promise<number>} revoke
 *   ends every session of the user but exceptId, a request holding one
 *   included (its write is refused); how many it ended
 * @property {(userId: string, id: string) => Promise<boolean>} [isListed] for a store whose revocation deletes
 *   records without marking them (memory, files): whether the index still lists the session, asked after a write
 * @property {(userId: string) => Promise<import('./user-sessions.js').Revocation>} [lastRevocation] for a store
 *   that ends revoked sessions itself (memory, files, Durable Objects): the user's last revocation, asked only for
 *   a session with no sign-in time (written before userKey was set), which no index lists
 * @property {(userId: string) => Promise<import('./user-sessions.js').Revocation>} [revocationOf]
 *   for a store whose revocation reaches its records late (KV): the user's
 *   last revocation, against which every read session's sign-in is checked
 * @property {(userId: string, leftId: string, known: import('./user-sessions.js').Revocation, signedIn?: number) => Promise<import('./user-sessions.js').Revocation | undefined>} [endException]
 *   with revocationOf: ends the mark's exception (`except`) once its session, signed in at `signedIn`, left `leftId`
 *   (recorded apart from the mark, never a write-back of it), or once more when that ID was left already by another
 *   (user-sessions.js exceptionEnd); the mark as it then reads (`at` never below `known`), or undefined when it
 *   changed nothing
 */

/** storageCall for a store call about session `id` ("" for none). */
function storeCall(action, id, call) {
  return storageCall(`${action} session${id ? ` "${shownId(id)}"` : ''}`, call);
}

/** For an ID a revocation kept (`except`) that its session left, when the exception could not end (the commit stands). */
function exceptionNotEnded(error) {
  console.error('edge-session: the ID a revocation kept (except) was left, but its exception could not be ended; copies of the old cookie written back elsewhere stay exempt:', error);
}

/** For an ID a commit left whose index entry could not be taken off (the commit stands). */
function leftListed(error) {
  console.error('edge-session: the ID a commit left stays in its user\'s index until it expires:', error);
}

/**
 * When the session expires: the earlier of the Max-Age and the Expires its Set-Cookie carries, each the commit's
 * when it gives one (or resets it with undefined or null), else the cookie's; with neither, the cookie's expiry
 * (undefined: never), as React Router's storages. A browser keeps a cookie by its Max-Age (RFC 6265 5.3), and the
 * app asked for an end at its Expires: the earlier is where the cookie storage's session ends too. Regression
 * (audit): the commit's expires alone beside the cookie's Max-Age, and the commit's maxAge alone beside the
 * cookie's expires, ended the record after its cookie. Options of another type are refused here, before any time
 * is reckoned from them (the cookie's serialize checks the rest). Regression (audit of issue 10.2): `{ expires:
 * 'tomorrow' }` threw a bare TypeError from the record's times.
 */
function expiresFor(cookie, options) {
  const ownEnd = cookie.expires; // checks the cookie's own maxAge and expires (a CookieOptionError)
  if (options == null) return ownEnd; // the lifecycle's commits: the cookie's own options alone
  const given = (key) => typeof options === 'object' && Object.hasOwn(options, key);
  let byMaxAge;
  if (options?.maxAge != null) {
    if (typeof options.maxAge !== 'number' || !Number.isFinite(options.maxAge)) throw maxAgeError(options.maxAge);
    byMaxAge = dateIn(options.maxAge);
  } else if (!given('maxAge') && cookie[cookieMaxAge] !== undefined) {
    byMaxAge = dateIn(cookie[cookieMaxAge]);
  }
  let byExpires = options?.expires;
  if (byExpires != null) checkExpiresOption(byExpires);
  else byExpires = given('expires') ? undefined : cookie[cookieExpiresOption];
  if (byMaxAge === undefined && byExpires === undefined) return ownEnd; // an invalid Date: no end (endOf)
  return earlierEnd(byMaxAge, byExpires);
}

/**
 * When the store may drop the record: its expiry, or sooner when a timeout ends it first, idle from now or
 * absolute from the session's start (`times`: its [sessionTimes](), none for a session this commit starts).
 * The index entry expires with it, so a session past its absoluteTimeout is neither listed nor counted (issue 14).
 */
function storeExpiry(expires, lifetime, times) {
  const now = Date.now();
  let end = expires;
  const sooner = (ms) => {
    // No end, or an invalid Date (a maxAge past what a Date holds, lifetime.js endOf): any limit is sooner.
    const endMs = endOf(end);
    if (endMs === null || ms < endMs) end = new Date(ms);
  };
  if (lifetime.idleTimeout !== 0) sooner(now + lifetime.idleTimeout * 1000);
  // A session without times yet begins with this commit. Not `created || now`: ms 0 (a mock clock's start) is a
  // start like any other. Regression (review): a session begun then was kept and listed past its absoluteTimeout.
  if (lifetime.absoluteTimeout !== 0) sooner((times.present ? times.created : now) + lifetime.absoluteTimeout * 1000);
  return end;
}

/**
 * True when the backends `a` and `b` (what storages' `backend` gives) are two. Callback storages of one cookie name
 * have one (session-storage.js), though a factory may make new callbacks for each over one database (React Router's
 * createDatabaseSessionStorage). Regression (review): a session read through one such storage and committed through
 * another counted as moved, and each commit made a new record.
 */
function otherBackend(a, b) {
  return a !== b;
}

/**
 * Gives a held lease back (`held`: { id, lease }). A release that fails (an overloaded object, a lost connection) is
 * logged, never thrown: nothing was written by it, and the lease lapses by itself after its timeout. Regression
 * (operations review): at the end of a read-only request it escaped withSession and the middlewares, and the page
 * became an error; after a commit that had written, the commit answered 500.
 */
async function giveBack(held) {
  try {
    await held.lease.release();
  } catch (error) {
    console.error(`edge-session: could not give back the lease of session "${shownId(held.id)}"; it lapses by itself:`, error);
  }
}

/**
 * @param {import('./cookie.js').Cookie} cookie
 * @param {RecordStore} store
 * @internal
 */
export function createIdSessionStorage(cookie, store) {
  const lifetime = lifetimeUnderMaxAge(store.lifetime ?? lifetimeOf(), cookie[cookieMaxAge]);
  warnIfUnsigned(cookie);
  const cookieInCore = () => cookie[cookieCore](FORMATS['react-router']);
  const identity = cookieIdentityOf(cookie); // the cookie its sessions' IDs are written to ([sessionCookie])
  // The IDs its cookie may name: the store's shapes, by default ours issued for this cookie's name (issue 10.5).
  const isValidId = store.isValidId ?? ((id) => isSessionIdFor(id, cookie.name));
  const newId = () => issueSessionId(cookie.name);
  const leases = new WeakMap(); // Session -> { id, lease, committed } since getSession, until dispose/end of request
  const { userKey, users } = store;
  // What holds the records: instances of a storage over one backend share what they know of a session (its user
  // and record at read), one over another backend (a store the app moves sessions from) does not. Unknown: this
  // instance alone.
  const fixedBackend = store.backend ?? {};
  const backendOf = typeof fixedBackend === 'function' ? fixedBackend : () => fixedBackend;
  /** The ID of the record `session` was read from or created as in this backend, if any (stores with replace). */
  const storedIdOf = (session) => {
    const stored = storedIds.get(session);
    return stored !== undefined && !otherBackend(stored.backend, backendOf()) ? stored.id : undefined;
  };
  /** True when `session` was given an ID in this request (regenerateId), not the one it arrived with nor Remix's provisional one. */
  const regeneratedHere = (session) => session.id !== '' && session.id !== session[arrivedId]() && session[provisionalId] === '';
  /** The IDs of the records of `session` this request read or wrote in this backend (knownIds). */
  const knownIdsOf = (session) => [...(knownIds.get(session) ?? [])].filter(([, { backend }]) => !otherBackend(backend, backendOf())).map(([id]) => id);
  const noteKnown = (session, id, user) => {
    let ids = knownIds.get(session);
    if (!ids) knownIds.set(session, (ids = new Map()));
    ids.set(id, { backend: backendOf(), user });
  };
  // `readAt`: a mark of recent-deletes.js's sequence, taken before the read or write of the record was asked for:
  // a delete noted after it, by any other request of this isolate, ends it (a logout meanwhile). Regressions
  // (review): marked once the store had answered, a logout made while a read (or a commit's write) was in flight
  // came before the mark, and the request wrote the session back.
  const setStoredId = (session, id, readAt) => storedIds.set(session, { id, backend: backendOf(), readAt });
  /**
   * store.delete(id, ...) by `session` (undefined: none), noted (recent-deletes.js) so that another request that
   * read the record before writes it no more.
   */
  const deleteRecord = (id, session, ...rest) => deleteNoted(backendOf(), id, session, () => store.delete(id, ...rest));
  const writtenIds = new WeakMap(); // Session -> the ID its last commit wrote (the lifecycle paces renewals by it)
  const remixReadMarks = new WeakMap(); // Session -> readMark() before Remix v3's read() opened it (save's pacing)
  const renewalWindowMs = rewriteWindowOf(lifetime, store.minRewriteInterval);
  let api; // the storage object returned below: what the renewals' pacing (rewrite-window.js) is kept per
  // Session objects read from one cookie, one committing what another names
  const twins = twinSessions({ inLine: store.ordersRequests === true });
  const firstReadIds = new WeakMap(); // Session -> the ID it was read under, with userKey: its twins' key
  const recordedChanges = new WeakMap(); // Session -> its change count when its last record was made
  // Sessions read fresh because their record moved (regenerateId(true), a user switch) while the read waited in the
  // store's line behind that move (store.read's `moved`): their browser got the moved session's cookie first. Each ->
  // where the move went ({ to, user }, store.read's `movedTo`; null when the store does not say): its logout ends
  // that one too.
  const leftBehind = new WeakMap();
  /** True when the session changed after its last record was made (while the write awaited its store). */
  const changedSinceRecord = (session) => session[changeCount] !== recordedChanges.get(session);
  // Shared, in this isolate, by the storages over the same backend: a revocation through one is known to all at once.
  // Regression (review): a second KV storage over the binding (two routes' withSession) served the revoked session,
  // and wrote back one a request had read before, for up to 5 s.
  // Where the revocations are kept: the backend, unless the store says (createSessionStorage: its callbacks).
  const revocationsIn = store.revocationsIn ?? backendOf;
  const revocations = users?.revocationOf ? createRevocationCache((userId) => users.revocationOf(userId), revocationsIn) : undefined;

  // Runs a commit's store calls: `leaseFor(id)` hands the lease to the call on
  // the ID it locks; a lease no call used is released after. The lease stays
  // with the session, so a later commit in the request passes it again.
  async function withLease(session, work) {
    const held = leases.get(session);
    let used = false;
    const leaseFor = (id) => (held && !used && held.id === id ? ((used = true), held.lease) : undefined);
    try {
      const result = await work(leaseFor);
      if (held) held.committed = true;
      return result;
    } finally {
      if (held && !used) await giveBack(held);
    }
  }

  async function getSession(cookieHeader, options) {
    refuseCodecs(options);
    return sessionOfCookie(cookieHeader, false);
  }

  /** getSession; `forRequest`: the request lifecycle's own open (internal.js openForRequest). */
  async function sessionOfCookie(cookieHeader, forRequest) {
    const handle = await cookieInCore();
    let id = '';
    let oldSecret = false;
    const header = cookieHeaderFor(cookieHeader, [cookie.name]);
    if (header !== '') {
      const value = readValue(handle, header);
      const parsed = value.json === '' ? null : JSON.parse(value.json);
      // Only an ID of the shape this store issues reaches it (issue 10.5:
      // any string the app signed, under the same secret, for another
      // cookie once went to the backend as an ID).
      if (typeof parsed === 'string' && isValidId(parsed)) [id, oldSecret] = [parsed, value.oldSecret];
    }
    return openSession(id, oldSecret, forRequest);
  }

  /**
   * The user's last revocation a session read under `id` is checked against: every session's, with a store whose
   * revocations reach its records late (KV, callbacks); else only an `unlisted` one (no sign-in time: written
   * before userKey was set), which no index lists, so no revocation ended it. Regression: such a session outlived
   * "sign out everywhere" and then joined the list at its next write, as a sign-in newer than the revocation.
   */
  async function revocationFor(user, unlisted, id) {
    if (revocations) return storeCall('read', id, () => revocations.revocationOf(user));
    if (unlisted && users?.lastRevocation) return storeCall('read', id, () => users.lastRevocation(user));
    return undefined;
  }

  /** The session stored under `id` (a valid ID, or '' for none), read from the store. */
  async function openSession(id, oldSecret, forRequest = false) {
    const { core } = await cookieInCore();
    // An ID the store does not have is never adopted (session fixation):
    // the session starts empty with no ID, and its commit creates a new one.
    const askedAt = readMark(); // before the store is asked: a delete while the read is in flight comes after it
    const found = id ? await storeCall('read', id, () => store.read(id, { forRequest })) : null;
    const { record: stored, lease, moved, movedTo } = typeof found === 'string' || found == null ? { record: found } : found;
    // Text over the session limit was not written by us: read as missing,
    // without copying it into WASM memory (issue 10.4).
    const record = typeof stored === 'string' && fitsUtf8(stored, MAX_SESSION_BYTES) ? stored : null;
    let session;
    try {
      // 0 too when the record's times say the session ended (issue 11).
      const pointer = record == null ? 0 : core.sessionFromData(record, id, oldSecret, lifetime);
      session = wrapSession(core, pointer || core.sessionFromData('{}', '', false));
      session[newSessionId] = newId;
    } catch (error) {
      if (lease) await giveBack({ id, lease });
      throw forgetCoreAfterTrap(error);
    }
    session[readWithUserKey](userKey); // read here: a set() of userKey from now on is the app's
    if (moved === true) leftBehind.set(session, movedTo ?? null);
    if (userKey !== undefined) {
      const user = userOf(session, userKey);
      // Its user's, with no sign-in time: written before userKey was set (or by React Router). No index lists it,
      // and it signed in no later than it began: it is checked, and listed at its next write, as signed in then.
      const unlisted = user !== undefined && signedInAt(session) === 0;
      const signedIn = unlisted ? signedInBy(session) : signedInAt(session);
      // A store whose revocations reach it late (KV): a session signed in
      // before its user's last revocation reads as a fresh one.
      let revocation;
      try {
        revocation = user === undefined ? undefined : await revocationFor(user, unlisted, id);
      } catch (error) {
        // The lookup failed (the user's object overloaded, a lost connection): no Session goes back, so nobody else
        // can give its lease back. Regression (review): the session's next requests waited out leaseTimeout.
        session.dispose();
        if (lease) await giveBack({ id, lease });
        throw error;
      }
      if (revocation && isRevoked(revocation, signedIn, id)) {
        session.dispose();
        if (lease) await giveBack({ id, lease });
        return openSession('', false);
      }
      // The session a revocation kept by its ID (`except` as a string) reads as signed in: the exception names it. It
      // is not signed in anew here (its commit does that when it leaves the ID: writeSession's `kept`): a copy of
      // that ID read elsewhere would then write the revocation's own stamp into its record, and outlive the
      // exception once the kept device left the ID (regenerateId(true)). Regression (KV with two locations): a stolen
      // copy of the kept cookie, written back at another location within KV's propagation, stayed signed in for
      // good after "sign out of my other devices" and regenerateId(true), hidden from listUserSessions.
      usersAtRead.set(session, { user, id, unlisted, backend: backendOf(), at: askedAt });
      noteSignInSent(session, signedInAt(session));
      if (id) firstReadIds.set(session, id); // its twins' key, which its own commits never change
    }
    if (record != null && session.id === id) {
      setStoredId(session, id, askedAt);
      noteKnown(session, id, usersAtRead.get(session)?.user);
    }
    session[sessionCookie] = identity; // the cookie its ID is written to (internal.js)
    if (lease) {
      leases.set(session, { id, lease });
      // dispose() and `using` give the lease back. dispose() is synchronous, so
      // the release is not awaited; if it fails, the lease lapses by itself.
      session[whenDisposed](() => {
        const held = leases.get(session);
        leases.delete(session);
        if (held) giveBack(held);
      });
    }
    return session;
  }

  async function commitSession(session, options) {
    checkSession(session, identity);
    if (session.destroyed) return destroySession(session, options);
    // Committed already in this request and unchanged since: nothing to
    // write again (issue 11), only the same cookie.
    if (session[settled] && !session.dirty && session.id) {
      // Its header too, should a logout by hand follow (request-lifecycle.js ownHeaders). Regression (review): not
      // noted, one of two such headers stayed after a switch of user's, naming the deleted record.
      const setCookie = await cookie.serialize(session.id, options);
      session[noteCommitted](setCookie);
      return setCookie;
    }
    // The cookie is made before the record is written (a new one's right after the store made its ID, the record
    // deleted should it not do), so one that cannot be set (CookieTooLargeError: a long Domain or Path) leaves
    // nothing written. Regression: the record was written, then the commit threw (issue 2: nothing half-written).
    let made;
    const id = await writeSession(session, options, async (id) => (made = { id, setCookie: await cookie.serialize(id, options) }));
    if (id === undefined && leftBehind.has(session) && !session.destroyed) return leftBehindSetCookie(session, options);
    if (id === undefined) return endRevoked(session, options);
    refusedAsEnded.delete(session); // a left-behind session that signed in since (leftBehindSetCookie)
    writtenIds.set(session, id);
    const setCookie = made?.id === id ? made.setCookie : await cookie.serialize(id, options);
    session[noteCommitted](setCookie); // its header, which a logout by hand later in the request supersedes
    // A change made after the record was made (another loader's, while this write awaited its store) is still to
    // be written: a commit after this one writes it. Regression: it was taken for written, and that commit wrote
    // nothing.
    session[releaseSession](undefined, false, changedSinceRecord(session));
    return setCookie;
  }

  /**
   * The users the record `session` was read under (or last wrote) was committed with since then by another Session
   * of this isolate (recent-users.js): none, or one unlike `atRead.user`.
   */
  function committedMeanwhile(session) {
    const atRead = usersAtRead.get(session);
    if (!atRead?.id || otherBackend(atRead.backend, backendOf())) return undefined;
    const since = committedSince(backendOf(), atRead.id, atRead.at);
    return since?.user !== undefined && since.user !== atRead.user ? since.user : undefined;
  }

  /**
   * The user `session` knows, for its commit with `user`: the one it read, or one another Session of its cookie
   * signed in on that record since (twin loaders, two tabs' requests) unless this commit writes that one too. Its
   * commit without that user (another's sign-in, no user) then takes the ID off that user's index. Regression
   * (lifecycle model audit, repro-4): the ID stayed listed under the first user, and revoking that user ended the
   * second's session. A sign-out by unset meanwhile is not taken: the commit puts its user back as the sign-in it
   * read, which a revocation since then still ends.
   */
  function userAtRead(session, user) {
    const atRead = usersAtRead.get(session);
    const other = committedMeanwhile(session);
    return other === undefined || other === user ? atRead : { ...atRead, user: other, unlisted: false };
  }

  /**
   * The users whose lists may name the record `id` of `session`: the one it was read or written with here, the one
   * any commit of this isolate last wrote it with, and for the record it read (or last wrote), the user then and one
   * another Session of its cookie signed in since. Regression (user-index model audit): a Session refused as
   * ended (a twin had signed its user out) then logged out, deleting the record the twin had meanwhile signed
   * another user in on, which stayed on that user's list.
   */
  function listedUsersOf(session, id) {
    const users = new Set([knownIds.get(session)?.get(id)?.user, lastCommittedUser(backendOf(), id)]);
    const atRead = usersAtRead.get(session);
    if (atRead !== undefined && atRead.id === id) users.add(atRead.user).add(committedMeanwhile(session));
    users.delete(undefined);
    return users;
  }

  /**
   * Writes the session to the store: its ID, or undefined when a revocation
   * ended it meanwhile (nothing written). `cookieFor(id)` runs before the record of `id` is written (a new one's
   * right after the store made the ID, and, on a store that makes the IDs, first with a one-character stand-in
   * before asking it to); when it throws, nothing is left written.
   */
  async function writeSession(session, options, cookieFor = async () => {}) {
    const expires = expiresFor(cookie, options);
    const stored = storeExpiry(expires, lifetime, session[sessionTimes]());
    // The user's sign-in, stamped before the record is made, which carries it.
    const user = userKey === undefined ? undefined : committedUserOf(session, userKey);
    const atRead = userAtRead(session, user);
    // Read from a record of another backend (a store the app moves its sessions from): its ID is that store's, and
    // may name another session here (a callback store's counter), so it gets a new record here, and nothing of the
    // other store is deleted or unlisted here. Regression (review): written under that ID, it overwrote the
    // session of another user, whose cookie then opened the moved one.
    const readAs = storedIds.get(session);
    const moved = movedHere(session);
    // A session switching from one user to another leaves the ID it was read under, which ends with this commit
    // (as regenerateId(true)): a revocation of the previous user racing the commit ends that ID, not the new
    // user's session, and a cookie naming it (the stolen one a revocation was for) never opens the new user's.
    // Regressions (review): on Durable Objects the switch was written under the ID a racing revocation then ended,
    // and the new user was signed out; on KV it was written under the revoked ID, which then opened it.
    // After a regenerateId() that kept the old record too. Regression (audit): that record stayed alive and listed
    // under the previous user, and a copy of the old cookie still opened the previous user's session.
    if (user !== undefined && atRead?.user !== undefined && user !== atRead.user && atRead.id && session.deleteId !== atRead.id) session[leaveId]();
    restoreSignInSent(session, user, atRead?.user);
    // The session a revocation kept by its ID (`except`), read before the revocation ran: signed in anew, as a
    // read after it is (openSession), where its commit would otherwise be refused: changing its ID, with a store
    // whose mark names the old one (KV, callbacks), or unlisted (no index entry was kept for it). Regressions: the
    // kept device's own regenerateId, and a kept session from before userKey, were answered with a logout.
    // A move asks the store whatever this isolate's cache holds: that cache may be from before the revocation (the
    // session read before it, in another isolate or through another storage made per request), and the kept device's
    // new ID would keep the sign-in the mark voids while the kept ID is deleted. Regression (s51 revocation scenario
    // pass): another tab of the kept device, read before the revocation, moved its ID there and signed it out.
    const moving = revocations !== undefined && Boolean(atRead?.id) && atRead.id !== session.id;
    const lastRevocation = revocations ? (u) => (moving ? revocations.lookedUpNow(u) : revocations.revocationOf(u)) : users?.lastRevocation;
    const kept = user !== undefined && atRead?.user === user && atRead.id && (atRead.unlisted || moving);
    if (kept && lastRevocation) {
      const revocation = await storeCall('update', atRead.id, () => lastRevocation(user));
      if (revocation.exceptId === atRead.id && signedInAt(session) < revocation.at) keepSignedIn(session, userKey, user, revocation.at);
    }
    let signIn;
    if (userKey !== undefined) {
      // An unlisted session (openSession) of the same user joins the list now, as signed in when it began, or when
      // a revocation kept it (`except`): a revocation made since then refuses it. So does one read from another
      // backend (a store the app moves its sessions from), as signed in when it was: this index never listed it.
      // Regression (review): such a move was refused.
      const joining = user !== undefined && atRead?.user === user && (atRead.unlisted === true || otherBackend(atRead.backend, backendOf()));
      if (joining && signedInAt(session) === 0) session[recordSignIn](signedInBy(session));
      signIn = stampSignIn(session, user, atRead?.user);
      if (joining) signIn = { ...signIn, signingIn: true };
    }
    const { core } = await cookieInCore();
    let record;
    // The ID the session arrived with: the one it was read under, the one the app gave createSession(data, id), or
    // one a store created for it; never one regenerateId or a user switch made up. A failed commit keeps its record:
    // a cookie names it. Regression (review): a failed write of createSession(data, id) under an ID the store held
    // (React Router's way to replace a session's data) deleted that session, which was never read, and signed the
    // user out.
    let arrivedAs;
    try {
      // The data with its times stamped now: the record carries the
      // session's expiry and idle/absolute timeouts, checked on read.
      record = core.record(session[sessionHandle](core), expiresAtOf(expires), lifetime);
      arrivedAs = core.originalId(session[sessionHandle](core)) || undefined;
    } catch (error) {
      throw forgetCoreAfterTrap(error);
    }
    recordedChanges.set(session, session[changeCount]);
    // Only IDs of the shape this store issues reach it (issue 10.5): a createSession(data, id) of another shape,
    // or a regenerated ID a custom isValidId refuses, is written under a new ID the store makes.
    const deleteId = !moved && isValidId(session.deleteId) ? session.deleteId : undefined;
    // The users whose lists name the ID this commit deletes, known before the commit forgets it.
    const deleteIdUsers = deleteId === undefined ? new Set() : listedUsersOf(session, deleteId);
    // A later commit of a session unchanged since then writes nothing (issue 11).
    const unchanged = leases.get(session)?.committed === true && !session.dirty;
    // What this commit made that no cookie will name should it fail part-way (a lapsed lease refusing the delete of
    // the ID it leaves): a listing it added (a store that says so: the index stores), and a record under an ID it
    // was not read from. Regression (review): a refused regenerateId(true), sign-in or user switch left a phantom
    // listed (and the device's own session hidden), or a record no cookie holds. Only a listing this commit added,
    // and only while nobody's commit listed it since. Regression (review): a sign-in's failed commit unlisted the
    // live session another request had signed in meanwhile, which then outlived "sign out of all devices".
    // `written`: the IDs whose record this commit wrote (or tried to): the one it arrived with keeps its listing, any
    // other (one it made up) goes with its record.
    const made = { listings: [], records: [], written: [] };
    /** Lists the session under its user; false when a revocation ended it meanwhile. */
    const listed = async (id) => {
      if (user === undefined) return true;
      // A store whose revocations reach it late (KV): refused here by the mark
      // this isolate knows, rather than written back to be voided when read.
      const revocation = revocations ? await storeCall('update', id, () => revocations.revocationOf(user)) : undefined;
      if (revocation && isRevoked(revocation, signIn.signedIn, id)) return false;
      const previousId = atRead?.user === user && !moved ? atRead.id || undefined : undefined;
      // The previous ID is replaced only when this commit deletes it (regenerateId(true)); else both live on.
      const replacesPrevious = previousId !== undefined && previousId !== id && deleteId === previousId;
      // The index gets the session's exact end (ms), as the core ends it; the stores keep records through that
      // second (keptUntil). Regression (review): it got keptUntil too, and a session ended up to 999 ms before was
      // still listed, counted by revocations, and took a place under MAX_USER_SESSIONS.
      // `keptByRevocation`: signed in at the mark's time, as the session a revocation kept (`except`) is
      // (keepSignedIn); its listing keeps the createdAt of its sign-in (KV looks that up only then).
      const keptByRevocation = !signIn.signingIn && revocation !== undefined && revocation.at > 0 && revocation.at === signIn.signedIn;
      // `newId`: an ID this commit made up, which no other commit can have listed (its 128 random bits).
      const commit = { ...signIn, expiresAt: endOf(stored), now: Date.now(), previousId, replacesPrevious, keptByRevocation, newId: id !== arrivedAs };
      const listing = await storeCall('update', id, () => users.register(user, id, commit));
      // Every store says whether this call listed it (`added`): a failed commit undoes that listing only. Regressions
      // (review): a failed commit's new ID stayed listed, the device's own session hidden; on KV, a failed sign-in
      // unlisted the session another tab had just signed in.
      if (listing?.added) made.listings.push({ id, listedAs: listing.added });
      return listing !== false;
    };
    /** Undoes what `made` holds, as well as it can: the commit failed, and its error is what the caller gets. */
    const unmake = async () => {
      // A write that threw may have landed all the same: under an ID this commit made up (a regenerated ID, a user
      // switch's new one) no cookie names it, so its record goes too; under the one it arrived with, it stays.
      for (const id of made.written) if (id !== arrivedAs && !made.records.includes(id)) made.records.push(id);
      for (const { id, listedAs } of made.listings) {
        // A record this commit wrote (or may have: its write threw) under the ID it keeps, the one it arrived with,
        // stays signed in: so does its listing, on a store whose revocation ends only what its index lists (memory,
        // files, Durable Objects; KV's and callbacks' marks void it unlisted). Regression (review): a failure after
        // that write, or of a write that landed, unlisted it, and it stayed signed in past "sign out everywhere".
        // That ID only. Regression (review): a regenerateId(true) whose write of the new ID failed kept it listed,
        // which no cookie names, and hid the device's own session.
        if (!revocations && id === arrivedAs && made.written.includes(id)) continue;
        await storeCall('update', id, () => users.unregister(user, id, listedAs)).catch(() => {});
      }
      for (const id of made.records) await storeCall('delete', id, () => deleteRecord(id, session)).catch(() => {});
    };
    // The record this commit wrote, the session's once the commit stands: `id`; `stored`: the record a later
    // commit's replace checks (a session read from or created as one here); `assign`: the ID it lives under too.
    let landed;
    let writtenAt; // the mark taken right before the record's write was asked for
    const id = await withLease(session, async (leaseFor) => {
      /**
       * A new record for the session: its ID, or undefined when a revocation ended it meanwhile. `replacing`: the
       * record it stands in for (a session given a new ID, on a store that makes the IDs), which a logout may delete
       * while this one is made. `asId`: the ID to create it under first (a fresh session's provisional one), a new
       * one only should the store hold that one already.
       */
      const create = async (replacing, asId) => {
        // On a store that makes the IDs, the cookie is made first with the shortest (one character): one too large
        // with any ID throws before createData. Regressions (audit, review): createData, then deleteData, and a
        // failed delete would leave the record; checked in commitSession, a switch of user's new record was not.
        if (store.createsIds) await cookieFor('x');
        const mark = readMark();
        // Deleted by another request since `mark`: this record goes too, as it would not have been made. Regression
        // (review): a regenerateId in flight during a logout (or an eviction) made its record anyway, and the
        // browser was signed in again (or its listing evicted another device).
        const replacedEnded = async () => {
          if (replacing === undefined || !deletedSince(backendOf(), replacing, mark, session)) return false;
          await storeCall('delete', created, () => deleteRecord(created, session));
          return true;
        };
        let first = asId;
        const idToTry = () => {
          const id = first ?? newId();
          first = undefined;
          return id;
        };
        const created = await storeCall('create', '', () => store.create(record, stored, idToTry));
        if (!isValidId(created)) {
          // Made all the same, and named by no cookie: it goes, as after every other failure past createData.
          // Regression (observability pass): it was left, one orphaned record (the session's data, its user) per
          // request of an app whose createData returns integer row IDs. Only an ID that names one row: a createData
          // that returned nothing must not have deleteData(undefined) run (an ORM's "where id: undefined" is no filter).
          if (['string', 'number', 'bigint'].includes(typeof created)) await storeCall('delete', '', () => store.delete(created)).catch(() => {});
          throw new SessionStorageError('INVALID_SESSION_ID', `Session storage created the ID ${describedId(created)}, which its isValidId refuses`);
        }
        try {
          await cookieFor(created);
        } catch (error) {
          await storeCall('delete', created, () => deleteRecord(created, session)).catch(() => {});
          throw error;
        }
        if (await replacedEnded()) return afterEnded();
        let isListed;
        try {
          isListed = await listed(created);
        } catch (error) {
          // The session gets no ID, so its next commit creates another record: this one goes, or it would live on
          // unlisted (no revocation reaches it). Regression: a failed index write left it behind.
          await storeCall('delete', created, () => deleteRecord(created, session)).catch(() => {});
          throw error;
        }
        if (!isListed) {
          await storeCall('delete', created, () => deleteRecord(created, session));
          return undefined;
        }
        if (await replacedEnded()) {
          if (user !== undefined) await storeCall('update', created, () => users.unregister(user, created));
          return afterEnded();
        }
        made.records.push(created);
        landed = { id: created, stored: true, assign: true, mark };
        return created;
      };
      /**
       * For a session ended meanwhile by another request (its record deleted): nothing written, undefined. But a
       * sign-in this request made (a new user under userKey) undoes no logout nor revocation: it is written as a new
       * session, and the ended ID stays ended. Regression: memory and files answered a sign-in right after a
       * revocation of the user the request had read with a logout (Durable Objects, KV and cookies took it). Known
       * by a read of this backend (any instance's): a write of a session no storage read is no sign-in. Regression
       * (review): every write through a second instance after a revocation made a new session.
       */
      // A fresh Remix v3 session's sign-in (read behind a move) is created under the provisional ID its handler saw,
      // as its first save is; others under a new one.
      const afterEnded = () => (user !== undefined && atRead !== undefined && user !== atRead.user ? create(undefined, session[provisionalId] || undefined) : undefined);
      /** Writes the record: the ID written, or undefined when nothing was (a revocation or a logout meanwhile). */
      const writeRecord = async () => {
        // Left behind a move: its cookie would replace the one the move sent (another tab's sign-in, or "sign out
        // of my other devices"), and sign the device out. Nothing is written (no cookie, as for a session ended
        // meanwhile) unless this request signs in itself: a regenerateId() here, or a new user (afterEnded).
        // Regression (randomized concurrency pass): on Durable Objects a second tab's flash or form, waiting in
        // the session's line behind a sign-in, sent a fresh session's cookie after it.
        if (leftBehind.has(session) && !regeneratedHere(session)) return afterEnded();
        const current = !moved && isValidId(session.id) ? session.id : '';
        if (!current) return create();
        // A session no store holds (fresh, under read()'s provisional ID or one regenerateId() gave it here;
        // createSession(data)) is created, as a new session's record always was: create-if-absent (a file's link, a
        // Durable Object's refusal of a held or revoked ID; KV writes it, its 128 random bits keeping it unused:
        // kv-storage.js), the record known as stored (a later commit in the request replaces it only while it is
        // there), under that ID (createData's on a store that makes the IDs). Regressions (contract and adversarial
        // passes): such a first commit went to update as a made-up ID's, unconditionally, so a colliding ID
        // overwrote a session and a logout between two commits was written back.
        if (arrivedAs === undefined && storedIdOf(session) === undefined) return create(undefined, current);
        // An ID made up here (regenerateId, a user switch), with a store whose backend makes the IDs (Remix's
        // createData): the record is created there, as a new session's, but not for a session another request
        // ended meanwhile. Regression (audit): it went to updateData under an ID createData never made, which a
        // backend that only updates rows dropped, and the user was signed out right after signing in.
        if (store.createsIds && current !== arrivedAs) {
          const source = storedIdOf(session);
          if (source === undefined || !(await deletedMeanwhile(session, source))) return create(source);
          return afterEnded();
        }
        await cookieFor(current);
        // A session read from (or created as) a record is written only while that record is still there: a logout
        // another request made meanwhile deleted it. That holds under a new ID too (regenerateId in this request).
        const source = storedIdOf(session);
        // Known before it is listed: listed again, it would count as a sign-in (a callback store's index lists anew)
        // and evict another device. Regression (review): an evicted device's request did, past MAX_USER_SESSIONS.
        if (source !== undefined && (await deletedMeanwhile(session, source))) return afterEnded();
        if (!(await listed(current))) return undefined;
        const writeIt = source !== undefined && store.replace
          ? () => store.replace(current, record, stored, source)
          : () => store.update(current, record, stored, leaseFor(current));
        // Nor when this isolate deleted that record since it was read (a logout by another request), checked right
        // before the store is asked. Regression (audit): on Workers KV and the callback stores, a request in flight
        // during a logout (a change, or a renewal a page view makes) wrote the session back, and the old cookie
        // was signed in again.
        const write = async () => {
          if (source !== undefined && (await deletedMeanwhile(session, source))) return false;
          writtenAt = readMark();
          const wrote = await writeIt();
          // Another request's delete while this write was in flight, on a store whose writes are unconditional (no
          // replace, no lease: KV, callbacks): which of the two landed last is unknown, so the logout is made again.
          // Regression (review): the next commit of the request, marked after this write, wrote the logged-out
          // session back. Notes forgotten since the write began (undefined: it ran past a minute, or 10,000 deletes
          // came meanwhile) may have held such a delete, and the store, which now has the write, cannot say: taken as
          // deleted. Regression (mutation pass, s44): taken as not deleted, a write landing after a logout whose note
          // a later delete had pruned stood, and the logged-out cookie was signed in again.
          if (wrote !== false && source !== undefined && store.exists && deletedSince(backendOf(), source, writtenAt, session) !== false) {
            await deleteRecord(current, session);
            return false;
          }
          return wrote;
        };
        // Attempted: a write that throws may have landed all the same, unless it says it wrote nothing.
        if (!unchanged) made.written.push(current);
        let wrote;
        try {
          wrote = unchanged || (await revocable(current, write));
        } catch (error) {
          if (nothingWritten.has(error) || error?.code === 'SESSION_CHANGED') made.written.pop();
          throw error;
        }
        if (!wrote) made.written.pop();
        if (!wrote) {
          // Nothing was written (a logout deleted the record meanwhile): listed() may have listed it anew.
          // Regression: the entry stayed, a session that does not exist, listed and counted. On Durable Objects,
          // only a listing this commit made: there a delete seen under way may yet be refused (SESSION_CHANGED, the
          // session written since), and the logout takes off the entry it found; their index says which listing
          // a commit added. Regression (user-index model on Durable Objects): another request's switch of user,
          // whose delete of the old ID was then refused, made this commit unlist the record, which lived on signed
          // in and unlisted, past "sign out everywhere". (Workers KV's index does not say: a revocation racing the
          // commit would leave its entry behind.)
          if (!store.ordersRequests) {
            if (user !== undefined) await storeCall('update', current, () => users.unregister(user, current));
          } else {
            const own = made.listings.findIndex((listing) => listing.id === current);
            if (own !== -1) {
              const [{ listedAs }] = made.listings.splice(own, 1);
              await storeCall('update', current, () => users.unregister(user, current, listedAs));
            }
          }
          return afterEnded();
        }
        if (!unchanged && current !== arrivedAs) made.records.push(current);
        // A store whose revocation deletes records without marking them (memory, files): a revocation that ran
        // between the listing and the write deleted the record before the write put it back.
        if (!unchanged && user !== undefined && users.isListed && !(await storeCall('update', current, () => users.isListed(user, current)))) {
          await storeCall('delete', current, () => deleteRecord(current, session));
          return undefined;
        }
        // The ID it lives under is this one whether or not it had a stored record: a createSession(data, id) (or
        // createSession(data)) given a new ID by regenerateId() arrived as none of the store's. Regression (review):
        // it kept the given ID, and a second commit in the request whose write failed took the first one's for made
        // up, deleted its record (the cookie that commit sent names it) and left it listed.
        if (!unchanged) landed = { id: current, stored: source !== undefined, assign: current !== arrivedAs, mark: writtenAt };
        return current;
      };
      let written;
      try {
        written = await writeRecord();
        // After the write, so a failed write loses nothing: the original of a regenerated ID, and the user's index
        // entries the session left. After a refused one too, which ends the session as a logout does. Regression
        // (review): a user switch a racing revocation refused was answered with a logout, and the previous user's
        // record it was leaving stayed alive and listed.
        if (deleteId) {
          const movedTo = written !== undefined ? { to: written, user } : undefined;
          await storeCall('delete', deleteId, () => deleteRecord(deleteId, session, leaseFor(deleteId), false, movedTo));
          knownIds.get(session)?.delete(deleteId); // not deleted again by a logout (KV refuses a key's second write within a second)
          // The ID the user's last revocation kept (`except`) left: its exception ends (the new ID is signed in at
          // the mark's time, `kept` above, and needs none; a switch of user keeps nothing), so that a copy of the old ID (the stolen cookie the revocation was for)
          // written back elsewhere is void like the others once the mark is seen. Once the old record is gone, the
          // commit stands: moved before, a failed delete undid the new record and left the device's cookie naming
          // an ID no longer excepted, signed out by its own failed commit; should the move fail, the old ID stays
          // excepted (logged), as before it was moved.
          if (deleteId === atRead?.id) {
            const signedIn = user === atRead.user ? signIn.signedIn : undefined;
            await endException(atRead.user, deleteId, signedIn).catch(exceptionNotEnded);
          }
        }
      } catch (error) {
        await unmake();
        throw error;
      }
      // Past the delete of the ID it leaves, the commit stands: its new ID is the session's now. Regression (review):
      // a failure here undid the new record too, and the user, whose old record was gone, was signed out.
      // Not before: a failed commit leaves the session as it found it, its record the one its cookie names.
      // Regression (review): a regenerateId(true) whose old ID's delete failed (its new record undone) left the
      // session stored under the new ID, and its next commit (a retry, a second loader's, the end of the request)
      // found that record gone, took it for a logout, deleted the old one and expired the cookie.
      if (landed !== undefined) {
        leftBehind.delete(session); // it has a record of its own now
        // Its record is now this one: a later commit in the request (the ID changed) checks it, not the old ID the
        // commit deletes. Regression (review): it checked the deleted one and ended the session.
        if (landed.stored) setStoredId(session, landed.id, landed.mark);
        // Written, stored before or not (a visitor's first commit under an ID a regenerateId() made): a logout after
        // a later regenerateId() still ends it. Regression (lifecycle model audit): it outlived the logout, signed
        // in and listed.
        noteKnown(session, landed.id, user);
        // And the ID a later regenerateId(true) (or a user switch) deletes, and a later failed commit keeps (the
        // one it arrived with). A second commit of a created one updates its record instead of creating another,
        // and session.id tells the caller the new ID. Regression (review): the core kept the first one, so a
        // session switched to bob, committed, then back to ada left bob's record alive and listed.
        if (landed.assign) session[assignStoredId](landed.id);
      }
      // The ID it left is deleted: a later commit in the request deletes it no more. Regression (review): each did,
      // a failure of that needless delete failed the commit, and on KV a second delete of the key within a second
      // was refused (429) and retried a second later.
      // A moved session's marker names the other store's ID, which may be another session's here: gone too.
      // Regression (review): it stayed, the commit made the session this store's, and its next commit deleted that
      // ID here: another user's session.
      // An instance that failed while the store wrote took the session's state with it: nothing is left to forget
      // there, and the commit stands. Regression (review): its CORE_RESET failed the commit after the new record
      // was written and the old one deleted, and the user, whose cookie named the deleted one, was signed out.
      if (deleteId || moved) {
        try {
          session[forgetDeleteId](core);
        } catch (error) {
          if (error?.code !== 'CORE_RESET') throw forgetCoreAfterTrap(error);
        }
      }
      // The ID it was read under leaves the old user's list when this commit deleted it, or wrote it with another
      // user; a regenerateId() (no delete) leaves its record alive there, still that user's. Regression: it left the
      // list too, and "sign out everywhere" no longer reached it. Should that fail, the entry stays until its
      // record's expiry, hidden behind the new ID (replacedBy) or naming a deleted record.
      // The ID deleted leaves every list that may name it (listedUsersOf). Regression (user-index model audit): a
      // regenerateId(true) sign-in of the user another Session of the cookie had just signed in on that ID left it
      // listed, a dead session that revocations counted.
      const leaving = new Map(); // ID -> the users whose lists it leaves
      if (deleteId) leaving.set(deleteId, new Set([...deleteIdUsers, atRead?.user]));
      // (Never deleteId: a commit writes the session under another ID than the one it deletes.)
      if (written !== undefined && atRead?.user !== undefined && atRead.user !== user && atRead.id === written) {
        leaving.set(written, new Set([atRead.user]));
      }
      for (const [old, listedBy] of moved ? [] : leaving) {
        for (const listedUser of listedBy) {
          if (listedUser !== undefined) await storeCall('update', old, () => users.unregister(listedUser, old)).catch(leftListed);
        }
      }
      return written;
    });
    if (id !== undefined && userKey !== undefined) {
      usersAtRead.set(session, { user, id, backend: backendOf(), at: noteCommittedUser(backendOf(), id, user) });
      noteSignInSent(session, signIn.signedIn);
    }
    return id;
  }

  /**
   * When the user's last revocation kept `leftId` by its ID (`except`), ends that exception: on a store whose
   * revocations reach its records late (KV, callbacks), a copy of `leftId` is then void once the mark is seen.
   * A session signed in at the mark's time (`signedIn`, for the user it leaves) that leaves that ID once it was left
   * is a second holder of the kept cookie: every session signed in then ends (user-sessions.js exceptionEnd).
   */
  async function endException(user, leftId, signedIn) {
    if (user === undefined || !revocations || !users.endException) return;
    // Asked of the store whatever this isolate knows: a cache from before the revocation holds no exception, and the
    // move of a copy read since would pass unseen. Regression (s46): such a copy's new ID stayed signed in for good.
    const known = await storeCall('update', leftId, () => revocations.revocationOf(user));
    const ended = await storeCall('update', leftId, () => users.endException(user, leftId, known, signedIn));
    if (ended === undefined) return;
    revocations.remember(user, ended);
    revokedThrough(revocationsIn(), user, ended);
  }

  /**
   * Runs a store write; false when the session ended meanwhile: a revocation (SESSION_REVOKED), or its record
   * deleted by another request (`replace` resolving to false).
   */
  async function revocable(id, write) {
    try {
      return (await storeCall('update', id, write)) !== false;
    } catch (error) {
      if (error?.code === 'SESSION_REVOKED') return false;
      throw error;
    }
  }

  /**
   * True when another request of this isolate deleted the record `id` since `session` read (or last wrote) it (a
   * logout meanwhile).
   * When the notes since then were forgotten (a request running past a minute), a store that can say whether the
   * record is there (KV, callbacks) is asked; the others check that as they write. Regression (review): a request
   * running past 60 s wrote back a session logged out while it ran.
   */
  async function deletedMeanwhile(session, id) {
    const deleted = deletedSince(backendOf(), id, storedIds.get(session)?.readAt, session);
    if (deleted !== undefined) return deleted;
    return store.exists ? !(await storeCall('read', id, () => store.exists(id))) : false;
  }

  /**
   * A commit of a session left behind a move (writeRecord) that wrote nothing: nothing of it ended (it is fresh),
   * so it stays as it was, usable, and a sign-in later in the request is written. Its header expires the cookie
   * (commitSession must return one); under a request's lifecycle that header goes from the response
   * (issuedSetCookies) and the lifecycle's own write sends none (refusedAsEnded), so the device keeps the cookie the
   * move sent. Regression (adversarial pass): ended as a revoked session is, a hand commit's expiring header went
   * out under withSession and the middlewares (React Router's idiom, a "last seen" middleware) and signed the device
   * out, and the rest of the request (a double submit's sign-in) failed with SESSION_DESTROYED, a 500.
   */
  async function leftBehindSetCookie(session, options) {
    const setCookie = expiringSetCookie((await cookieInCore()).cookie, options, cookie);
    refusedAsEnded.add(session);
    session[noteCommitted](setCookie); // its own: no other copy's logout (request-lifecycle.js loggedOutByCopy)
    if (requestSessions.has(session) && !lifecycleWrites.has(session)) {
      issuedSetCookies.set(session, [...(issuedSetCookies.get(session) ?? []), setCookie]);
    }
    return setCookie;
  }

  /**
   * A commit refused because the user's sessions were revoked after this
   * request read it (issue 14): nothing is written, the cookie is expired and
   * the session is destroyed, as after a logout.
   */
  async function endRevoked(session, options) {
    forgetRevoked(session);
    return expiringSetCookie((await cookieInCore()).cookie, options, cookie);
  }

  /** A session whose commit a revocation refused: destroyed and released, its user forgotten. */
  function forgetRevoked(session) {
    endedInStore.add(session);
    refusedAsEnded.add(session);
    usersAtRead.delete(session);
    session[markDestroyed]();
    session[releaseSession]();
  }

  async function destroySession(session, options) {
    checkSession(session, identity);
    if (leftBehind.has(session)) refusedAsEnded.delete(session); // a logout after a commit left behind a move goes out
    // The expiring cookie first: options it refuses leave the session as it was, stored and signed in (a
    // programming error, not half a logout), as the cookie storage's destroySession does.
    const setCookie = expiringSetCookie((await cookieInCore()).cookie, options, cookie);
    await deleteSession(session);
    // Sent again by the request's lifecycle when nothing in the response sets the cookie (left out, or dropped by
    // a framework): the browser ends with no cookie rather than one naming a deleted record. Regression (lifecycle
    // model audit): after a regenerateId() committed by hand, the new ID's header went, nothing came instead, and
    // the browser's old cookie, whose record the logout then missed (deleteSession), stayed signed in.
    endingSetCookies.set(session, [setCookie]);
    return setCookie;
  }

  /** True when `session` was read from a record of another backend (writeSession: it is created anew here). */
  function movedHere(session) {
    const readAs = storedIds.get(session);
    return readAs !== undefined && otherBackend(readAs.backend, backendOf());
  }

  /** The IDs whose records a logout of `session` deletes (deleteSession says which, and why). */
  function idsToDelete(session) {
    let named;
    try {
      // Asked of the session's own instance, as a logout writes none of its data. Regression (review): asked of the
      // storage's, a logout of a session whose instance was replaced meanwhile failed (CORE_RESET), and stayed.
      // On our own stores too, for a session no store holds (it arrived with no ID, and no commit of the request
      // stored it): an ID regenerateId() gave it here was never stored; a record a commit wrote is in knownIds under
      // the ID it then went by. Regression (adversarial re-check of the fresh IDs): a new visitor's regenerateId()
      // then logout deleted that ID (a KV write, a Durable Object woken), which no store had.
      const heldByNone = session[arrivedId]() === '' && storedIdOf(session) === undefined;
      const madeUp = (store.createsIds || heldByNone) && session.id !== '' && session.id !== session[arrivedId]() ? session.id : undefined;
      // Nor the ID Remix v3's read() gave a fresh session, while no save stored it: no store ever had it.
      const unstored = session[provisionalId] || undefined;
      named = [session.id, session.deleteId, ...knownIdsOf(session)].filter((id) => id !== madeUp && id !== unstored);
    } catch (error) {
      if (error?.code !== 'CORE_RESET') throw error;
      // Its instance failed, and what it held with it: the record its cookie names, known here, still ends.
      named = knownIdsOf(session);
    }
    return new Set(named.filter((id) => id !== undefined && isValidId(id)));
  }

  /** Deletes the session's records; the session is destroyed and released. */
  async function deleteSession(session) {
    // None here for a session read from another backend: its IDs are that store's, and may name another session
    // here. Regression (review): destroying a moved session deleted another user's record here.
    // Nor, on a store that makes the IDs (createData), one made up here (regenerateId, not yet committed): the store
    // never had it. Regression (review): its delete came first, and a backend of integer keys threw, so the logout
    // failed and the session stayed.
    // And the record it was read from or last written to, which its cookie names, when a regenerateId() not yet
    // committed gave it another ID. Regression (review): only session.id was deleted, and a stolen copy of the
    // cookie stayed signed in after the logout. So is it when a commit by hand in the request wrote the session
    // under the new ID first: the browser's cookie (and a stolen copy) still names the one it was read from, which
    // regenerateId() kept. Regression (audit): that record outlived the logout, and the stolen copy stayed signed in.
    const ids = movedHere(session) ? new Set() : idsToDelete(session);
    // Read behind a move of its record (another tab's sign-in, "sign out of my other devices"): the session that
    // move made is this browser's, and the logout ends it. Regression (randomized concurrency pass): it stayed
    // signed in and listed, and the move's Set-Cookie, answered after the logout, signed the browser in again.
    const movedTo = leftBehind.get(session);
    if (movedTo && store.endMoved) await storeCall('delete', movedTo.to, () => store.endMoved(movedTo));
    // Each ID leaves the lists that may name it: the user the session read, and those listedUsersOf knows for it
    // (the user it was written with, one another Session of the cookie signed in). Regressions: a sign-in through
    // another Session of the cookie stayed listed (repro-4); so did an ID a regenerateId() had kept for its user
    // before the session, under its new ID, signed out (user-index model audit).
    const readUser = usersAtRead.get(session)?.user;
    const listers = new Map([...ids].map((id) => [id, new Set([readUser, ...listedUsersOf(session, id)])]));
    // Every record first: they are the session, and a failure among them fails the logout (the session may live).
    // Then the lists: past the records the session has ended, so a list that cannot be changed is logged, not a
    // failed logout. Regression (fault-injection pass): a failed index update after the record's delete answered
    // the logout with a 500 that no retry could mend (the cookie named nothing any more), and one among several IDs
    // left the records after it undeleted.
    await withLease(session, async (leaseFor) => {
      for (const id of ids) await storeCall('delete', id, () => deleteRecord(id, session, leaseFor(id), true));
      for (const id of ids) {
        for (const user of listers.get(id)) if (user !== undefined) await storeCall('delete', id, () => users.unregister(user, id)).catch(unlistedLater);
      }
    });
    // Forgotten once every delete is done. Regression (review): forgotten first, a delete that failed left the user
    // unknown: a retried logout deleted the record and left it listed, and a commit instead counted as a new sign-in.
    usersAtRead.delete(session);
    // Destroyed, whether or not the handler called destroy() (issue 11).
    endedInStore.add(session);
    session[markDestroyed]();
    session[releaseSession]();
  }

  /**
   * Remix v3's interface (`session(cookie, storage)` of
   * @remix-run/session-middleware): its Cookie signs and parses, so these see
   * the cookie's unsigned value, the session ID; the rest is getSession's and
   * commitSession's path (times, users, leases).
   */
  async function read(cookieValue) {
    // The middleware's one read of its request, as the lifecycle's open (internal.js openForRequest): a request of
    // the same session that holds it longer is waited for in line. Regression: a handler holding a Durable Object
    // session for 1.5 s made the overlapping request's read fail with SESSION_OPEN after 1 s (a 500).
    const mark = readMark(); // before the read: a write that ends after this may be missing from what it reads
    const session = await openSession(typeof cookieValue === 'string' && isValidId(cookieValue) ? cookieValue : '', false, true);
    remixReadMarks.set(session, mark);
    // Remix's Session always has an ID: a fresh one gets a new random one, never the cookie's (session fixation),
    // which its first save stores it under (a store that makes the IDs, createData, gives its own then).
    // Regression (audit): it was '', every new visitor's alike until that save.
    if (session.id === '') session[provisionalId] = newId();
    return session;
  }

  /** The cookie value to set (the ID), '' to clear it, null for no change. */
  async function save(session) {
    checkSession(session);
    // Its value is being made for Remix's Set-Cookie: a CSRF secret made from now on is never saved (csrf-token.js).
    savedForResponse.add(session);
    if (unchangedSinceRefusal(session)) {
      // csrf() refused its request: nothing is committed, but a logout or a revocation's stamp (remix-storage.js)
      await endRequestOf(session);
      return null;
    }
    if (session.destroyed) {
      await deleteSession(session);
      return '';
    }
    if (session[settled] && !session.dirty) return session.id || null;
    if (!session.dirty && !session[needsResign]) {
      await endRequestOf(session);
      return null;
    }
    // Paced as under withSession (request-lifecycle.js sessionWrite): a renewal only once per burst of requests that
    // read the session together, and never over a write of it made since this request read it; a change noted before
    // its write. Regression (adversarial pass): each request of a burst renewed it (two KV puts, the second refused
    // with a 429 and retried a second later, which the burst's other requests waited for).
    let claim;
    const dirty = session.dirty;
    // Not for a fresh session's provisional ID (no store nor other request has it), as under withSession.
    if (session.id !== '' && session[provisionalId] === '' && !session[settled]) {
      claim = !dirty ? claimRewrite(api, session.id, renewalWindowMs, remixReadMarks.get(session)) : rememberRewrite(api, session.id);
      if (claim === false) {
        await endRequestOf(session);
        return null;
      }
    }
    let id;
    try {
      id = await writeSession(session, undefined);
    } catch (error) {
      forgetRewrite(api, claim); // not written: the next request tries again
      // Only to renew or re-sign it, and too large with its times (a record another program wrote near the limit):
      // it stays as it is, as under withSession (request-lifecycle.js sessionWrite). Refused otherwise, the lease
      // goes back before the error does: Remix's middleware never disposes the session. Regression (black-box
      // pass): a save refused on Durable Objects kept it, and the session's next request waited out leaseTimeout.
      if (session.dirty || !isTooLargeToWrite(error)) {
        await endRequestOf(session).catch(() => {}); // a release that fails too: the lease lapses by itself
        throw error;
      }
      warnRewriteTooLarge(store, error); // once per storage
      await endRequestOf(session);
      return null;
    }
    if (id === undefined) {
      // Ended meanwhile by another request: no change of the cookie, which may be a newer one now (withSession's
      // rule: request-lifecycle.js sessionWrite).
      forgetRevoked(session);
      return null;
    }
    // Noted again once written, as withSession's rememberWrite does: a request that read the record while this write
    // was in flight (KV's old value) renews it no more. Regression: noted only before the write, a slow page's renewal
    // read then put the old data back over the change.
    if (dirty) rememberRewrite(api, id);
    session[releaseSession](undefined, false, changedSinceRecord(session)); // as commitSession
    return id;
  }

  /** Ends a request that did not commit: frees a held lease. */
  async function endRequestOf(session) {
    const held = leases.get(session);
    leases.delete(session);
    if (held) await giveBack(held);
  }

  // Plain functions, not methods using `this`: React Router's docs destructure
  // `const { getSession, commitSession, destroySession } = storage`.
  function checkUsers(caller) {
    if (userKey === undefined) {
      throw new TypeError(`${caller}: this storage was made without the userKey option, so it does not know its sessions' users`);
    }
  }

  /**
   * The user's live sessions, most recently seen first; `current` (a Session
   * or an ID) is flagged `current: true`.
   */
  /**
   * The ID under which `except` (a Session or an ID) is stored and listed. A Session given a new ID by
   * regenerateId in this request is still listed under the one it was read with, until its commit moves it.
   */
  function listedIdOf(except) {
    // A fresh Session's provisional ID (Remix v3's read()'s) is in no store: no listing names it, and a revocation
    // keeps nothing by it. Regression (contract pass): "sign out of my other devices" from a fresh session wrote a
    // mark excepting an ID no store held (createData's replaces it), as no session did.
    if (isSession(except) && except[provisionalId] !== '') return undefined;
    const id = exceptIdOf(except);
    return (isSession(except) && usersAtRead.get(except)?.id) || id;
  }

  /** The user's sessions; `options`: `{ current }` (a Session or an ID), or the current Session itself. */
  async function listUserSessions(userId, options = {}) {
    const current = currentOf(options);
    checkUsers('listUserSessions');
    const user = userIdOf(userId, 'listUserSessions');
    // In the current Session's turn, as revokeUserSessions: it is flagged under the ID a commit around it lists.
    return inTurn(current, async () => {
      const currentId = listedIdOf(current);
      // Named for what was asked: no one session is read (regression, admin pass: "failed to read session: ").
      const sessions = await storageCall('list the sessions of a user', () => users.list(user));
      return sessions.map((entry) => (entry.id === currentId ? { ...entry, current: true } : entry));
    }, USERS);
  }

  /**
   * Ends every session of the user but `except` (a Session or an ID: "sign
   * out of my other devices"). Resolves to how many were ended.
   */
  async function revokeUserSessions(userId, options) {
    const except = exceptOf(options);
    checkUsers('revokeUserSessions');
    const user = userIdOf(userId, 'revokeUserSessions');
    // In the kept Session's turn (inTurn), as its commits are: a commit of it already under way ends first, so the ID
    // it is listed under is then the one that commit wrote; one called later waits, and finds the revocation made
    // and the session signed in anew (keepSignedIn below). Regressions (review): a "sign out of my other devices"
    // made while the device's own regenerateId(true) was being committed (React Router runs a page's loaders at
    // once) kept the old ID, ended the new one, and signed that device out too; then the same with the rotation's
    // commit called just after the revocation, which only waited for a commit already in flight.
    return inTurn(except, async () => {
      const at = nextStamp(user);
      const exceptId = listedIdOf(except);
      try {
        return await storageCall('revoke the sessions of a user', () => users.revoke(user, exceptId, at)); // as the cookie storage's
      } finally {
        // Failed or not, the mark may be written (a failure after it): this isolate takes it as made, and the kept
        // Session is signed in anew, as cookie sessions are: KV's exception names its ID, which the next
        // regenerateId would leave behind.
        const revocation = exceptId ? { at, exceptId } : { at };
        revocations?.remember(user, revocation);
        if (revocations) revokedThrough(revocationsIn(), user, revocation);
        keepSignedIn(except, userKey, user, at);
      }
    }, USERS);
  }

  /**
   * Runs a commit, destroy, save, listing or revocation of `session` after any other of it still under way here,
   * through any storage (inFlight): React Router runs a page's loaders at once, and each may commit the one session
   * by hand, through one storage or two over one database. Regression: two commits of a new session both created a
   * record (two IDs, two Set-Cookies, a phantom device listed), as neither saw the ID the other was still getting;
   * then (review) the same through two storages, of a session given a new ID on a store that makes the IDs.
   */
  function inTurn(session, write, kind = COMMIT) {
    if (!isSession(session)) return write();
    // And, with userKey, after what its twins (twin-sessions.js) must do first.
    const turn = twins.inTurn(firstReadIds.get(session), kind, inFlight.get(session), write);
    inFlight.set(session, turn.catch(() => {}));
    return turn;
  }

  return (api = {
    getSession,
    commitSession: (session, options) => inTurn(session, () => commitSession(session, options)),
    destroySession: (session, options) => inTurn(session, () => destroySession(session, options), LOGOUT),
    listUserSessions,
    revokeUserSessions,
    read,
    save: (session) => inTurn(session, () => save(session)),

    /** @internal Ends a request that did not commit: frees a held lease. */
    [endRequest]: endRequestOf,
    /** @internal The request lifecycle's open (internal.js openForRequest). */
    [openForRequest]: (cookieHeader) => sessionOfCookie(cookieHeader, true),
    /** @internal What paces renewals: the request lifecycle's burst window. */
    [rewriteWindow]: renewalWindowMs,
    /** @internal The ID the session's last commit wrote (the lifecycle paces renewals after any write). */
    [writtenId]: (session) => writtenIds.get(session),
  });
}
