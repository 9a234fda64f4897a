// The public Session: a thin wrapper over the core's session, which it owns
// by pointer (js/core-calls.js). commitSession/destroySession release it and
// keep a snapshot, so a session stays readable after its commit without
// pinning memory.
import { coreResetError, SessionDataError } from './errors.js';
import { nestsDeeperThan } from './json-depth.js';
import { loadCore, forgetCoreAfterTrap } from './loader.js';
import {
  arrivedId,
  assertChangeable,
  assignStoredId,
  changeCount,
  commitNotSent,
  committedHere,
  CSRF_SESSION_KEY,
  disposed,
  endOfRequest,
  finishing,
  fitsUtf8,
  forgetDeleteId,
  heldByRequest,
  heldPointer,
  inHolders,
  inRegistry,
  inRequestList,
  requestHolding,
  lastEdit,
  leaveId,
  markDestroyed,
  MAX_KEY_LENGTH,
  MAX_SESSION_BYTES,
  MAX_TIMES_MEMBER_BYTES,
  MAX_VALUE_BYTES,
  mustRewrite,
  mustWrite,
  needsResign,
  nextEdit,
  nextHolder,
  noteCommitted,
  ownChange,
  park,
  prevHolder,
  newSessionId,
  provisionalId,
  randomSessionId,
  readWithUserKey,
  recordSignIn,
  releaseSession,
  requestSessions,
  sessionCookie,
  sessionHandle,
  sessionTimes,
  settled,
  unsentChange,
  userKeySetHere,
  storedValue,
  whenDisposed,
} from './internal.js';

const NONE_COMMITTED = Object.freeze([]);

/** The key the core keeps a session's times under (src/session_times.h); set() refuses it too. */
const TIMES_KEY = '__es__';

function checkKey(key) {
  if (typeof key !== 'string') {
    // A clear error here rather than a key String() would make up.
    throw new SessionDataError('INVALID_KEY', `Session key must be a string, got ${typeof key}`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new SessionDataError('INVALID_KEY', `Session key is ${key.length} characters long, over the limit of ${MAX_KEY_LENGTH}`);
  }
}

/** Refuses, before it is copied into WASM memory, text over `limit` bytes of UTF-8. */
function checkTextLength(text, limit, what) {
  if (!fitsUtf8(text, limit)) {
    throw new SessionDataError('VALUE_TOO_LARGE', `${what} is ${text.length} characters of JSON, over the limit of ${limit} bytes of UTF-8`);
  }
}

/** A value JSON writes as null, as an error message names it: String() may throw (a null-prototype object). */
function nullValueName(value) {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function toJsonText(key, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new SessionDataError('INVALID_VALUE', `Session value for "${key}" cannot be stored as JSON: ${error.message}`);
  }
  if (text === undefined) {
    throw new SessionDataError('INVALID_VALUE', `Session value for "${key}" cannot be stored as JSON (${typeof value})`);
  }
  // NaN, Infinity, an invalid Date: JSON writes null, which set() takes as "remove". Regression: set(k, NaN)
  // silently deleted k; React Router would keep null. A clear error instead.
  if (text === 'null' && value !== null) {
    throw new SessionDataError('INVALID_VALUE', `Session value for "${key}" cannot be stored as JSON: ${nullValueName(value)} becomes null`);
  }
  checkTextLength(text, MAX_VALUE_BYTES, `Session value for "${key}"`);
  return text;
}

/**
 * A session: values that persist across requests, and flash values that live
 * exactly one request. Made by a storage's `getSession` or by `createSession`.
 * @example
 * const session = await storage.getSession(request.headers.get('Cookie'));
 * session.set('userId', 42);
 * session.flash('notice', 'Saved!');
 * const setCookie = await storage.commitSession(session);
 */
export class Session {
  #core;
  #pointer; // 0 once released
  #snapshot;
  #id;
  #provisionalId = ''; // internal.js provisionalId
  #deleteIdAtDestroy = undefined; // deleteId as destroy() found it
  #disposed = false;
  // destroy() or a storage's destroySession: only these end a session (none is read or made destroyed), so it is
  // known here without asking the core (a crossing into WebAssembly; the lifecycle asks several times a request).
  #destroyed = false;
  #cookie; // the cookie a storage writes it to (internal.js sessionCookie): a field, not a WeakMap entry per session
  #readByStorage = false; // a storage read it (internal.js readWithUserKey), else createSession made it
  #userKey; // that storage's userKey: a set() of it is the app's (#userKeySet)
  #userKeySet = false;
  #committed; // the Set-Cookies storages' commits made for it, repeats kept (internal.js noteCommitted); made at the first
  // Committed or destroyed through a storage in this request; and whether it
  // changed since (issue 11: a commit leaves it clean, withSession then
  // writes nothing more for it).
  #settled = false;
  #mustRewrite = false;
  // What a snapshot does not hold, kept by [park] for as long as the pointer would have lived (until a commit,
  // dispose or the request's end frees it): the core's needsResign flag, and a sign-in time recorded on a session
  // without times (a fresh one: the snapshot writes times only once they are present), given back at its restore.
  #resign = false;
  #used = true; // used since its core last looked for sessions to park (a second chance: [park])
  #unparkable = false; // its snapshot was once too wide to restore in one call: never parked (left to the collector)
  #parkedSignIn; // undefined, or the sign-in time (ms) #live gives back
  #signInRecorded = false; // [recordSignIn] was called: [park] reads the time
  #changedSince = false;
  #unsent = false; // a commit made a header nobody got: changed, and not written
  #onDispose; // set by a storage holding a lease on this session
  // Its links in its core's list of sessions to park (js/core-calls.js), fields of every session: no hashing.
  [prevHolder] = null;
  [nextHolder] = null;
  [inHolders] = false;
  [heldPointer] = 0;
  [inRegistry] = false;
  [requestHolding] = false;
  [inRequestList] = false;
  #ended = false; // its request ended (closeSession): readable, never written again
  #finishing = false; // its request's lifecycle is writing its response (finishSession): no change of the handler's
  #changes = 0; // changes made through its methods, counted: a commit tells those made while it wrote
  #lastEdit = 0; // editClock() at its latest change, its methods' or its storages'
  #stamped = false; // a revocation kept it, stamping a new sign-in time its next response must carry

  /** @internal Use a storage's getSession() or createSession(). */
  constructor(core, pointer) {
    this.#core = core;
    this.#pointer = pointer;
    core.watch(this, pointer);
  }

  /**
   * True when the session is destroyed, so a read answers nothing without its instance, which may have failed since
   * (a logout's page still reads it). Regression (review): get() after destroy() threw CORE_RESET out of the
   * handler, and the logout sent no expiring cookie. A disposed session throws, as every read of one does.
   */
  #readsNothing() {
    if (!this.#destroyed) return false;
    if (this.#disposed) this.#live();
    return true;
  }

  #live() {
    if (this.#pointer) {
      this.#used = true;
      return this.#pointer;
    }
    if (this.#disposed) throw new SessionDataError('SESSION_DISPOSED', 'Session was disposed');
    const pointer = this.#core.restoreSession(this.#snapshot);
    // A snapshot the core cannot read back: a clear error, its snapshot kept, rather than calls on no session.
    // Regression (review): a value nested to the read limit, one level deeper in a snapshot, was not read back
    // (fixed in the core), and the next read found nothing, the one after broke the instance.
    if (pointer === 0) throw new SessionDataError('INVALID_VALUE', 'Session cannot be restored from its saved state: a value in it nests too deep');
    this.#pointer = pointer;
    this.#used = true;
    if (this.#parkedSignIn !== undefined) {
      this.#core.setSignedIn(pointer, this.#parkedSignIn);
      this.#parkedSignIn = undefined;
    }
    this.#core.watch(this, pointer); // parking, if due, comes in a microtask (js/core-calls.js)
    if (this.#ended) {
      // Read after its request: restored for this read only (the snapshot stays), freed once the caller's
      // synchronous code is done. Regression: each such read kept the session in WASM memory until GC.
      queueMicrotask(() => this.#free());
    } else {
      this.#snapshot = undefined;
    }
    return pointer;
  }

  /**
   * The session ID; "" for a cookie session (React Router's format), createSession() without one, and a fresh
   * session of a server-side storage from getSession until its first commit creates one. A fresh session from Remix
   * v3's read() has a new random one, in no store yet (internal.js provisionalId).
   */
  get id() {
    // Destroyed after its instance failed, its ID unknown (destroy() keeps a known one): the provisional ID, or "".
    if (this.#id === undefined && this.#readsNothing()) return this.#provisionalId;
    this.#id ??= this.#core.id(this.#live()) || this.#provisionalId;
    return this.#id;
  }

  /**
   * What a commit stores, in React Router's layout: the values, and the flash
   * set during this request under `__flash_<key>__`. A copy.
   */
  get data() {
    if (this.#readsNothing()) return {};
    return JSON.parse(this.#core.data(this.#live()));
  }

  /**
   * True once anything changed, or when flash data arrived (it must be
   * cleared); false again after a commit, until the next change.
   */
  get dirty() {
    if (this.#unsent) return true;
    if (this.#settled) return this.#changedSince;
    if (this.#readsNothing()) return true; // destroyed in this request: its logout is to be sent
    return this.#core.dirty(this.#live());
  }

  /**
   * True when this session must be written although unchanged: its rolling
   * renewal is due (idleTimeout), or it was read under a retired secret.
   * withSession commits it by itself; by hand, commit when
   * `session.dirty || session.renewalDue`.
   */
  get renewalDue() {
    if (this.#readsNothing()) return false;
    return !this.#settled && this[needsResign];
  }

  /** True after destroy(). */
  get destroyed() {
    if (this.#disposed) this.#live(); // throws SESSION_DISPOSED, as every read of a disposed session does
    return this.#destroyed;
  }

  /** After regenerateId(true): the original ID, which the store deletes. */
  get deleteId() {
    // Destroyed: the ID destroy() found, kept in step with the core ([forgetDeleteId]), so no read needs the
    // instance (it may have failed) nor restores a released session into it.
    if (this.#readsNothing()) return this.#deleteIdAtDestroy;
    return this.#core.deleteId(this.#live()) || undefined;
  }

  /** The number of values plus incoming flash values. */
  get size() {
    if (this.#readsNothing()) return 0;
    return this.#core.size(this.#live());
  }

  /**
   * A value, or a flash value set during the previous request.
   * @param {string} key
   */
  get(key) {
    checkKey(key);
    if (this.#readsNothing()) return undefined;
    const text = this.#core.get(this.#live(), key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /**
   * The flash value that arrived with this request under `key`, never a stored value (Superflare's name; js/flash.js).
   * @param {string} key
   */
  getFlash(key) {
    checkKey(key);
    if (this.#readsNothing()) return undefined;
    const text = this.#core.getFlash(this.#live(), key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** @param {string} key */
  has(key) {
    checkKey(key);
    if (this.#readsNothing()) return false;
    return this.#core.has(this.#live(), key);
  }

  /**
   * Stores a JSON-serialisable value; null or undefined removes the key.
   * @param {string} key
   * @param {unknown} value
   */
  set(key, value) {
    this.#changeable();
    checkKey(key);
    const text = value === undefined ? 'null' : toJsonText(key, value);
    this.#core.set(this.#live(), key, text);
    if (key === this.#userKey) this.#userKeySet = true;
    this.#changed();
  }

  /** @param {string} key */
  unset(key) {
    this.#changeable();
    checkKey(key);
    this.#core.unset(this.#live(), key);
    if (key === this.#userKey) this.#userKeySet = true;
    this.#changed();
  }

  /**
   * A value readable with get() during the next request only; undefined
   * removes a flash set earlier in this request, as set() removes a value.
   * @param {string} key
   * @param {unknown} value
   */
  flash(key, value) {
    this.#changeable();
    checkKey(key);
    // '' is no JSON text: the core's "remove".
    const text = value === undefined ? '' : toJsonText(key, value);
    this.#core.flash(this.#live(), key, text);
    this.#changed();
  }

  /** Ends the session: reads return nothing, writes throw; its commit expires the cookie. */
  destroy() {
    this.#changeable();
    // Destroying an ended session again changes nothing. Regression: it counted as a change, so destroySession,
    // then a "make sure" destroy(), then a 5xx read as "changed after its commit" and the logout was not resent.
    if (this.destroyed) return;
    this.#endInCore();
    this.#destroyed = true;
    this.#changed();
  }

  /**
   * Ends the session in its instance, its IDs kept known after (a logout's page or log may show session.id). An
   * instance that failed (another request's call overflowed the stack while this one awaited) is let be: a logout
   * needs none of its state, and must still end it. Regressions (review): CORE_RESET escaped the handler, no
   * expiring cookie was sent, and the record stayed; from destroySession, after the records were deleted; then
   * from a logout page's session.id, as from its get().
   */
  #endInCore() {
    try {
      this.#id ??= this.#core.id(this.#live()) || this.#provisionalId;
      this.#deleteIdAtDestroy = this.#core.deleteId(this.#live()) || undefined;
      this.#core.destroy(this.#live());
    } catch (error) {
      if (error?.code !== 'CORE_RESET') throw error;
    }
  }

  /**
   * Gives the session a new random ID (after login, against session fixation).
   * The CSRF secret goes with the old ID: a token shown before (one an attacker
   * who planted the session may know) no longer passes; csrfToken makes a new
   * one. Django rotates its token at login for the same reason.
   * @param {boolean} [deleteOldSession] also delete the stored original at commit
   */
  regenerateId(deleteOldSession = false) {
    this.#changeable();
    this.#core.regenerateId(this.#live(), this[newSessionId](), Boolean(deleteOldSession));
    if (this.has(CSRF_SESSION_KEY)) this.unset(CSRF_SESSION_KEY);
    this.#changed();
    this.#id = undefined;
  }

  /** Frees the session's WebAssembly memory now, and gives back a Durable Object lease. Idempotent. */
  dispose() {
    // A request's session that still owes a write its storage asked for (the device revokeUserSessions' `except`
    // keeps, signed in anew after a hand commit): its lifecycle writes it after the handler, so its state stays,
    // freed now and restored then, and so does its Durable Object lease, which that write checks (given back, the
    // write went out unchecked over another request's). Regressions (review): disposed, it was written no more,
    // and the kept device was signed out; then another request's change was lost.
    if (this.#unsent && !this.#disposed && requestSessions.has(this) && this.#keepSnapshot()) {
      this.#free();
      return;
    }
    this.#free();
    this.#snapshot = undefined;
    this.#id = undefined; // else a cached id would still read after disposal
    this.#disposed = true;
    this.#giveBack();
  }

  [Symbol.dispose]() {
    this.dispose();
  }

  /**
   * @internal Its request's lifecycle has the handler's response and writes the session now: a change from then
   * on (a streamed body's) throws SESSION_ENDED, as after the request. Regression: one made while the commit
   * awaited its store was neither saved nor refused.
   */
  [finishing](on = true) {
    this.#finishing = on;
  }

  /** @internal True when it has a change of its own to write (internal.js ownChange). */
  get [ownChange]() {
    return this.#unsent || this.#changes > 0;
  }

  /** @internal How many changes the core made through its methods: a store's commit compares it with the count at its record. */
  get [changeCount]() {
    return this.#changes;
  }

  /** @internal A change its storage made is still to be sent (internal.js unsentChange). */
  get [unsentChange]() {
    return this.#stamped;
  }

  /** @internal editClock() at its latest change, its methods' or its storages' (internal.js lastEdit). */
  get [lastEdit]() {
    return this.#lastEdit;
  }

  /**
   * @internal Its request ended (the request lifecycle's close): the WebAssembly memory is freed and a lease given
   * back, as dispose() does, but the session stays readable, restored on demand: a streamed body or a deferred
   * loader may still read it after the handler returned. Regression: those reads threw SESSION_DISPOSED. A change
   * now could never reach a response, so writes and commits throw SESSION_ENDED instead of being lost.
   */
  [endOfRequest]() {
    if (this.#disposed || this.#ended) return;
    this.#keepSnapshot();
    this.#free();
    this.#ended = true;
    this.#giveBack();
  }

  /**
   * Keeps what restores the session once its memory is freed; false when its instance failed and was replaced:
   * nothing is left to keep, and the request's own answer (its 500, or the handler's error) must not give way to
   * this one. Regression: CORE_RESET escaped withSession's finally.
   */
  #keepSnapshot() {
    try {
      if (this.#pointer) this.#snapshot = this.#core.snapshot(this.#pointer);
      return true;
    } catch (error) {
      if (error?.code !== 'CORE_RESET') throw error;
      return false;
    }
  }

  /** Runs the storage's callback once (a Durable Object lease given back). */
  #giveBack() {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    onDispose?.();
  }

  #writable() {
    if (this.#ended) {
      throw new SessionDataError('SESSION_ENDED', 'Session cannot change: its request has ended (its response is sent), so the change could never be saved');
    }
  }

  /** @internal Throws SESSION_ENDED as a change would: its request's write is under way, or over. */
  [assertChangeable]() {
    this.#changeable();
  }

  /** What the handler's own changes check: #writable, and no commit of its request under way. */
  #changeable() {
    this.#writable();
    if (this.#finishing) {
      throw new SessionDataError('SESSION_ENDED', 'Session cannot change: its request is committing it (its response is being sent), so the change could never be saved');
    }
  }

  /** After a change the core made (not one it refused): dirty since a commit, and counted. */
  #changed() {
    this.#changedSince = true;
    this.#changes++;
    this.#lastEdit = nextEdit();
  }

  #free() {
    this.#forgetParked();
    if (!this.#pointer) return;
    this.#core.unwatch(this);
    this.#core.free(this.#pointer);
    this.#pointer = 0;
  }

  /**
   * @internal The live session's pointer, for a call of `core`, which must be the session's own: a pointer is an
   * address in its instance's memory. Regression (audit of issue 10.2): a session of an instance replaced while its
   * request ran was committed through the new one, with whatever session that address held there (another user's).
   */
  [sessionHandle](core) {
    if (core !== this.#core) throw coreResetError();
    this.#writable();
    return this.#live();
  }

  /**
   * @internal The store deleted the record deleteId named: the core forgets it, and so does what destroy() kept.
   * Regression (review): a commit that deleted it landed after destroy(), and deleteId still named it.
   */
  [forgetDeleteId](core) {
    this.#deleteIdAtDestroy = undefined;
    core.forgetDeleteId(this[sessionHandle](core));
  }

  /**
   * @internal Frees WASM memory but stays usable (restored on demand).
   * @param {string} [snapshot] what restores the session, when the caller has
   *   it: a snapshot, or the whole text of its commit
   * @param {boolean} [freed] the core already freed it (a commit did)
   * @param {boolean} [changedSince] it changed after the state the commit wrote (while the commit awaited its store)
   */
  [releaseSession](snapshot, freed = false, changedSince = false) {
    this.#lastEdit = nextEdit();
    this.#stamped = false;
    this.#settled = true;
    this.#unsent = false;
    this.#changedSince = changedSince;
    this.#forgetParked();
    if (!this.#pointer) return; // released before, or parked: its snapshot is its state
    if (snapshot !== undefined) this.#snapshot = snapshot;
    else if (!this.#keepSnapshot()) this.#snapshot = undefined; // its instance failed: its memory went with it
    if (freed) {
      this.#core.unwatch(this);
      this.#pointer = 0;
    } else {
      this.#free();
    }
  }

  /**
   * @internal Its core holds too many sessions (js/core-calls.js MAX_LIVE_SESSIONS), this one among those that took
   * their memory first: unless used since the core last looked (a second chance), its WebAssembly memory is freed,
   * its state kept as text (a snapshot: ID, original ID, values, flash, times, dirty, destroyed, the ID to delete),
   * and its next use restores it (#live), so it stays as usable as before. Regression (audit): a loader's
   * getSession, never committed nor disposed, held its memory until a full GC, and WASM memory grew to 317 MiB over
   * 600,000 reads. Returns whether it leaves the core's set of sessions to park: false when used lately; true
   * when parked, and also, unparked, for a request's session (its lifecycle frees it at the request's end) and one
   * whose snapshot is too wide to restore in one call (its incoming flash counts toward no limit), which the
   * collector frees if they are dropped. Regressions (reviews): parked, such a
   * session threw at every use, or broke the instance; held for parking, a request that never ended held its
   * session for good.
   * `idleRequest`: a request's session, looked at by the core's looks over requests' sessions (js/core-calls.js
   * parkIdleRequests), rarer than those over the others: parked once unused since the previous such look.
   */
  [park](idleRequest = false) {
    const pointer = this.#pointer;
    if (!pointer) return true;
    // An ended session's snapshot stays while it is restored for a read (#live): nothing of that read is kept.
    if (this.#ended) {
      this.#free();
      return true;
    }
    // Not parked, left to the collector (the registry): one that would not restore. A request's leaves for the
    // looks over requests' sessions (heldByRequest).
    if (this.#unparkable) return true;
    if (requestSessions.has(this) && !idleRequest) {
      this.#core.leaveParking(this);
      return true;
    }
    if (this.#used) {
      this.#used = false; // in use: looked at again at the next look
      return false;
    }
    const snapshot = this.#core.snapshot(pointer);
    if (!this.#core.restorable(snapshot)) {
      this.#unparkable = true;
      return true;
    }
    const resign = this.#resign || this.#core.needsResign(pointer);
    const signedIn = this.#signInRecorded ? this.#core.times(pointer).signedIn : undefined;
    this.#snapshot = snapshot;
    this.#free();
    this.#resign = resign;
    this.#parkedSignIn = signedIn;
    return true;
  }

  /**
   * @internal Its request's lifecycle frees it (closeSession): parked only once unused for a while (parkIdleRequests,
   * for a request that never ends), and freed by the registry if collected first.
   */
  [heldByRequest]() {
    this.#core.leaveParking(this);
  }

  /** Its pointer is really freed (a commit, dispose, the request's end): what [park] kept goes as the core's would. */
  #forgetParked() {
    this.#resign = false;
    this.#parkedSignIn = undefined;
  }

  /** @internal `callback` runs once, when the session is disposed. */
  [whenDisposed](callback) {
    this.#onDispose = callback;
  }

  /**
   * @internal internal.js newSessionId: 128 random bits, on the prototype (no field on every session of the cookie
   * storage's hot path); an ID storage gives its own sessions its own (id-storage.js).
   */
  [newSessionId]() {
    return randomSessionId();
  }

  /** @internal A user switch at commit: a new ID, the old one deleted with it; the CSRF secret stays. */
  [leaveId]() {
    this.#core.regenerateId(this.#live(), this[newSessionId](), true);
    this.#id = undefined;
  }

  /** @internal After a store created the session's record. */
  [assignStoredId](id) {
    try {
      this.#core.assignStoredId(this.#live(), id);
    } catch (error) {
      // Its instance failed while the record was written: the commit stands all the same (id-storage.js).
      if (error?.code !== 'CORE_RESET') throw error;
    }
    this.#id = id;
  }

  /** @internal internal.js arrivedId: asked of its own instance (a logout needs no other). */
  [arrivedId]() {
    return this.#core.originalId(this.#live());
  }

  /** @internal internal.js provisionalId. */
  get [provisionalId]() {
    return this.#provisionalId !== '' && this.#core.id(this.#live()) === '' ? this.#provisionalId : '';
  }

  set [provisionalId](id) {
    this.#provisionalId = id;
    this.#id = undefined;
  }

  /** @internal Destroyed by destroySession, whether or not destroy() was called. */
  [markDestroyed]() {
    if (!this.#disposed) this.#endInCore();
    this.#destroyed = true;
  }

  /** @internal True once a storage committed or destroyed it. */
  get [settled]() {
    return this.#settled;
  }

  /** @internal The cookie it is written to, `{ name, domain, path, chunks }`, as the storage that read or wrote it said. */
  get [sessionCookie]() {
    return this.#cookie;
  }

  set [sessionCookie](identity) {
    this.#cookie = identity;
  }

  /** @internal The value under `key`, never an incoming flash of the same key (get() falls back to one). */
  [storedValue](key) {
    if (this.#readsNothing()) return undefined;
    const text = this.#core.getValue(this.#live(), key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** @internal A storage read it; `key`: its userKey, if any. */
  [readWithUserKey](key) {
    this.#readByStorage = true;
    this.#userKey = key;
    this.#userKeySet = false;
  }

  /** @internal True when the app may have set `key` itself: since a storage read it, or made by createSession. */
  [userKeySetHere](key) {
    return !this.#readByStorage || (key === this.#userKey && this.#userKeySet);
  }

  /** @internal A storage's commit made `header` for it. */
  [noteCommitted](header) {
    (this.#committed ??= []).push(header);
  }

  /** @internal The Set-Cookies storages' commits made for it, in order, repeats kept. */
  get [committedHere]() {
    return this.#committed ?? NONE_COMMITTED;
  }

  /** @internal True once dispose() freed it. */
  get [disposed]() {
    return this.#disposed;
  }

  /** @internal */
  get [needsResign]() {
    if (this.#mustRewrite || this.#resign) return true;
    return this.#pointer ? this.#core.needsResign(this.#pointer) : false;
  }

  /** @internal { created, touched, expires, signedIn } in Unix ms, 0 when unknown; `present`: it has times at all. */
  [sessionTimes]() {
    return this.#core.times(this.#live());
  }

  /** @internal When its user signed in (Unix ms; 0: none). Written by the next commit. */
  [recordSignIn](signedInMs) {
    this.#core.setSignedIn(this.#live(), signedInMs);
    this.#signInRecorded = true;
  }

  /** @internal Read from a cookie the storage migrates from: its next response rewrites it. */
  [mustRewrite]() {
    this.#mustRewrite = true;
  }

  /**
   * @internal Dirty, though no value changed: its next commit must be written, never skipped as a renewal may be
   * (a sign-in time a revocation stamped on it). One committed already in the request is its storage's to un-settle.
   */
  [mustWrite]() {
    this.#lastEdit = nextEdit();
    this.#stamped = true;
    if (!this.#settled) this.#unsent = true;
  }

  /**
   * @internal Its commit made no header anyone got (commitSession of a session that needs several cookies, or
   * one over the Cookie header budget, throws once the core has committed it): dirty, and not settled, so its
   * next write (withSession's, or commitSessionHeaders) writes it as the change it is. `keepSettled`: an earlier
   * commit of the request stands (its header went out), and the change stays unwritten after it, as any change
   * after a commit does. `rewriteOnly`: it had no change of its own (a renewal, a re-signing or sealing, a migration,
   * a flash that arrived cleared), and stays so: not dirty, its rewrite still due, which a request lifecycle leaves
   * unwritten when it cannot fit.
   * Regression (s51 sealed and chunks scenario pass): made dirty, a chunked session too large to cut written anew
   * was taken for the app's change, and every request of that browser answered 500.
   */
  [commitNotSent](keepSettled = false, rewriteOnly = false) {
    this.#lastEdit = nextEdit();
    if (keepSettled) {
      if (!rewriteOnly) this.#changedSince = true;
      return;
    }
    this.#settled = false;
    if (rewriteOnly) this.#mustRewrite = true;
    else this.#unsent = true;
  }
}

/**
 * True for sessions made by edge-session.
 * @example
 * if (!isSession(context.session)) throw new Error('wrap the handler in withSession()');
 */
export function isSession(value) {
  return value instanceof Session;
}

/**
 * A session that belongs to no storage yet, like React Router's createSession.
 * Async because the first call loads the WebAssembly module.
 * @param {Record<string, unknown>} [data] React Router layout: `__flash_<key>__` entries are flash
 * @param {string} [id]
 * @example
 * const session = await createSession({ theme: 'dark' });
 */
export async function createSession(data = {}, id = '') {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SessionDataError('INVALID_VALUE', 'createSession(data): data must be a plain object');
  }
  if (typeof id !== 'string') throw new SessionDataError('INVALID_SESSION_ID', 'createSession(data, id): id must be a string');
  // The core holds IDs as UTF-8, where a lone surrogate becomes U+FFFD: the session would carry another ID than the
  // one given, and its commit write a record under it, the one named left as it was. Regression (review of aac8eb5,
  // which refused such IDs from createData only).
  if (!id.isWellFormed()) {
    throw new SessionDataError('INVALID_SESSION_ID', 'createSession(data, id): id holds a lone UTF-16 surrogate, which no store key can keep as it is');
  }
  let text;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    // A cycle, a BigInt, or nesting deep enough to exhaust JSON.stringify's stack (a RangeError).
    throw new SessionDataError('INVALID_VALUE', `createSession(data): data cannot be stored as JSON: ${error.message}`);
  }
  // With room for the times a commit adds, as set() keeps: the record must read back (audit of issue 10.4).
  if (text !== undefined) checkTextLength(text, MAX_SESSION_BYTES - MAX_TIMES_MEMBER_BYTES, 'createSession(data): data, with room for its times,');
  // set()'s depth limit, which leaves room for the layers a payload wraps values in. Regression (audit): data with
  // a value 61-63 levels deep was taken, and a Remix v3 cookie storage's commit of it read back as a fresh session.
  if (text !== undefined && nestsDeeperThan(text, MAX_VALUE_DEPTH + 1)) {
    throw new SessionDataError('INVALID_VALUE', `createSession(data): a value nests past ${MAX_VALUE_DEPTH} levels`);
  }
  // The key limit set() and flash() enforce (a flash's key is the one inside `__flash_<key>__`), on the keys as
  // stored: those of the JSON (a toJSON() may give others). Regression: a key of 5000 characters was stored and
  // committed, and then get() and set() of it threw.
  const stored = text === undefined ? {} : JSON.parse(text);
  const keys = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? Object.keys(stored) : [];
  for (const key of keys) checkKey(/^__flash_.*__$/s.test(key) ? key.slice(8, -2) : key);
  // set()'s rule: a value JSON writes as null (NaN, Infinity, an invalid Date) is refused, not stored as null.
  // Regression (audit of issue 10): createSession({ a: NaN }) stored a null that has('a') then found.
  const nulled = typeof data.toJSON === 'function' ? undefined : keys.find((key) => stored[key] === null && data[key] !== null);
  if (nulled !== undefined) {
    throw new SessionDataError('INVALID_VALUE', `createSession(data): the value for "${nulled}" cannot be stored as JSON: ${nullValueName(data[nulled])} becomes null`);
  }
  if (keys.includes(TIMES_KEY) || keys.includes(`__flash_${TIMES_KEY}__`)) {
    throw new SessionDataError('INVALID_KEY', `Session key "${TIMES_KEY}" is reserved: it holds the session's times (when it began, was last used, expires)`);
  }
  const core = await loadCore();
  let pointer;
  try {
    pointer = core.sessionFromData(text ?? '', id, false);
  } catch (error) {
    throw forgetCoreAfterTrap(error);
  }
  // A toJSON() that returns something other than an object.
  if (pointer === 0) {
    throw new SessionDataError('INVALID_VALUE', 'createSession(data): data must serialise to a JSON object nested at most 64 levels deep');
  }
  return new Session(core, pointer);
}

/** How deep a session's value may nest (the core's kMaxValueDepth, src/json.h): what set() and flash() take. */
const MAX_VALUE_DEPTH = 60;

/** @internal Wraps a session pointer the core returned. */
export function wrapSession(core, pointer) {
  return new Session(core, pointer);
}
