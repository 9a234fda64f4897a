// The public Session: a thin wrapper over the core's session. The wrapper owns
// the WASM object; commitSession/destroySession release it and keep a
// snapshot, so a session stays readable after its commit without pinning
// memory. Embind's own FinalizationRegistry (it registers every handle) is the
// only safety net: Workers may never run it (workers-pitfalls 3.8), and a
// second registry would double the cost of every session.
import { errorFromCode, SessionDataError } from './errors.js';
import { loadCore, forgetCoreAfterTrap } from './loader.js';
import { assignStoredId, needsResign, randomSessionId, releaseSession, sessionHandle } from './internal.js';

function checkKey(key) {
  if (typeof key !== 'string') {
    // Embind leaks the strings of a call whose argument fails to convert
    // (workers-pitfalls 3.13), so types are checked before crossing.
    throw new SessionDataError('INVALID_KEY', `Session key must be a string, got ${typeof key}`);
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
  #handle;
  #snapshot;
  #id;
  #disposed = false;

  /** @internal Use a storage's getSession() or createSession(). */
  constructor(core, handle) {
    this.#core = core;
    this.#handle = handle;
  }

  #live() {
    if (this.#handle) return this.#handle;
    if (this.#disposed) throw new SessionDataError('SESSION_DISPOSED', 'Session was disposed');
    this.#handle = this.#core.restoreSession(this.#snapshot);
    this.#snapshot = undefined;
    return this.#handle;
  }

  #check(code) {
    if (code !== 0) throw errorFromCode(code, this.#handle.lastError());
  }

  /** The session ID; "" for a cookie session or one not yet stored. */
  get id() {
    this.#id ??= this.#live().id();
    return this.#id;
  }

  /**
   * What a commit stores, in React Router's layout: the values, and the flash
   * set during this request under `__flash_<key>__`. A copy.
   */
  get data() {
    return JSON.parse(this.#live().data());
  }

  /** True once anything changed, or when flash data arrived (it must be cleared). */
  get dirty() {
    return this.#live().dirty();
  }

  /** True after destroy(). */
  get destroyed() {
    return this.#live().destroyed();
  }

  /** After regenerateId(true): the original ID, which the store deletes. */
  get deleteId() {
    return this.#live().deleteId() || undefined;
  }

  /** The number of values plus incoming flash values. */
  get size() {
    return this.#live().size();
  }

  /**
   * A value, or a flash value set during the previous request.
   * @param {string} key
   */
  get(key) {
    checkKey(key);
    const text = this.#live().get(key);
    return text === '' ? undefined : JSON.parse(text);
  }

  /** @param {string} key */
  has(key) {
    checkKey(key);
    return this.#live().has(key);
  }

  /**
   * Stores a JSON-serialisable value; null or undefined removes the key.
   * @param {string} key
   * @param {unknown} value
   */
  set(key, value) {
    checkKey(key);
    const text = value === undefined ? 'null' : toJsonText(key, value);
    this.#check(this.#live().set(key, text));
  }

  /** @param {string} key */
  unset(key) {
    checkKey(key);
    this.#check(this.#live().unset(key));
  }

  /**
   * A value readable with get() during the next request only.
   * @param {string} key
   * @param {unknown} value
   */
  flash(key, value) {
    checkKey(key);
    this.#check(this.#live().flash(key, toJsonText(key, value ?? null)));
  }

  /** Ends the session: reads return nothing, writes throw; its commit expires the cookie. */
  destroy() {
    this.#live().destroy();
  }

  /**
   * Gives the session a new random ID (after login, against session fixation).
   * @param {boolean} [deleteOldSession] also delete the stored original at commit
   */
  regenerateId(deleteOldSession = false) {
    this.#check(this.#live().regenerateId(randomSessionId(), Boolean(deleteOldSession)));
    this.#id = undefined;
  }

  /** Frees the session's WebAssembly memory now. Idempotent. */
  dispose() {
    this.#free();
    this.#snapshot = undefined;
    this.#id = undefined; // else a cached id would still read after disposal
    this.#disposed = true;
  }

  [Symbol.dispose]() {
    this.dispose();
  }

  #free() {
    if (!this.#handle) return;
    this.#handle.delete();
    this.#handle = undefined;
  }

  /** @internal */
  [sessionHandle]() {
    return this.#live();
  }

  /**
   * @internal Frees WASM memory but stays usable (restored on demand).
   * @param {string} [snapshot] the handle's snapshot, when the caller has it
   */
  [releaseSession](snapshot) {
    if (!this.#handle) return;
    this.#snapshot = snapshot ?? this.#handle.snapshot();
    this.#free();
  }

  /** @internal After a store created the session's record. */
  [assignStoredId](id) {
    this.#live().assignStoredId(id);
    this.#id = id;
  }

  /** @internal */
  get [needsResign]() {
    return this.#handle ? this.#handle.needsResign() : false;
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
  const core = await loadCore();
  try {
    return new Session(core, core.sessionFromData(JSON.stringify(data), id, false));
  } catch (error) {
    throw forgetCoreAfterTrap(error);
  }
}

/** @internal Wraps a handle the core returned. */
export function wrapSession(core, handle) {
  return new Session(core, handle);
}
