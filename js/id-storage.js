// The shared logic of every server-side storage: the cookie holds only the
// signed session ID (React Router's layout: the JSON string of the ID), the
// data lives in a store as the core's record text. Stores speak text so KV,
// Durable Objects and files never convert the data twice.
import { expiringSetCookie, FORMATS, readValue } from './cookie.js';
import { SessionStorageError } from './errors.js';
import {
  assignStoredId,
  cookieCore,
  endRequest,
  isIssuedSessionId,
  markDestroyed,
  MAX_COOKIE_HEADER_LENGTH,
  MAX_SESSION_BYTES,
  releaseSession,
  sessionHandle,
  settled,
  whenDisposed,
} from './internal.js';
import { lifetimeOf } from './lifetime.js';
import { forgetCoreAfterTrap } from './loader.js';
import { checkSession } from './cookie-storage.js';
import { withRemixIdStorage } from './remix-storage.js';
import { wrapSession } from './session.js';
import { warnIfUnsigned } from './warnings.js';

/**
 * @typedef {object} RecordStore
 * @property {(record: string, expires?: Date) => Promise<string>} create stores a new record, returns its new ID
 * @property {(id: string) => Promise<string | null | { record: string | null, lease: Lease }>} read
 *   the record, or null when missing or expired. A store that serialises the
 *   requests of one session (Durable Objects) returns a lease with it: the
 *   session is locked until the lease is passed to update/delete or released.
 *   The same lease is passed again to a later update/delete in the request,
 *   which must take the session again or fail (js/durable-object-storage.js).
 * @property {(id: string, record: string, expires?: Date, lease?: Lease) => Promise<void>} update creates or replaces
 * @property {(id: string, lease?: Lease) => Promise<void>} delete
 * @property {(id: string) => boolean} [isValidId] the ID shape the store
 *   issues; a cookie naming any other ID never reaches the store. Default:
 *   what randomSessionId() makes.
 * @property {ReturnType<typeof lifetimeOf>} [lifetime] the storage's idle and
 *   absolute timeouts (js/lifetime.js); none by default.
 *
 * @typedef {{ release(): Promise<void> }} Lease
 */

async function storeCall(action, id, call) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SessionStorageError) throw error; // a store's own clear error (SESSION_CHANGED)
    throw new SessionStorageError('STORAGE_FAILED', `Session storage failed to ${action} session${id ? ` "${id}"` : ''}: ${error?.message ?? error}`, { cause: error });
  }
}

/** When the session expires: the commit's maxAge/expires, else the cookie's (undefined: never). */
function expiresFor(cookie, options) {
  if (options?.maxAge != null) return new Date(Date.now() + options.maxAge * 1000);
  return options?.expires ?? cookie.expires;
}

/** When the store may drop the record: its expiry, or sooner when an idle timeout ends it first. */
function storeExpiry(expires, lifetime) {
  if (lifetime.idleTimeout === 0) return expires;
  const idleEnd = new Date(Date.now() + lifetime.idleTimeout * 1000);
  return expires === undefined || idleEnd < expires ? idleEnd : expires;
}

/**
 * @param {import('./cookie.js').Cookie} cookie
 * @param {RecordStore} store
 * @internal
 */
export function createIdSessionStorage(cookie, store) {
  const lifetime = store.lifetime ?? lifetimeOf();
  warnIfUnsigned(cookie);
  const cookieInCore = () => cookie[cookieCore](FORMATS['react-router']);
  const isValidId = store.isValidId ?? isIssuedSessionId;
  const leases = new WeakMap(); // Session -> { id, lease, committed } since getSession, until dispose/end of request

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
      if (held && !used) await held.lease.release();
    }
  }

  async function getSession(cookieHeader) {
    const handle = await cookieInCore();
    const { core } = handle;
    let id = '';
    let oldSecret = false;
    if (typeof cookieHeader === 'string' && cookieHeader.length <= MAX_COOKIE_HEADER_LENGTH) {
      const value = readValue(handle, cookieHeader);
      const parsed = value.json === '' ? null : JSON.parse(value.json);
      // Only an ID of the shape this store issues reaches it (issue 10.5:
      // any string the app signed, under the same secret, for another
      // cookie once went to the backend as an ID).
      if (typeof parsed === 'string' && isValidId(parsed)) [id, oldSecret] = [parsed, value.oldSecret];
    }
    // An ID the store does not have is never adopted (session fixation):
    // the session starts empty with no ID, and its commit creates a new one.
    const found = id ? await storeCall('read', id, () => store.read(id)) : null;
    const { record: stored, lease } = typeof found === 'string' || found == null ? { record: found } : found;
    // Text over the session limit was not written by us: read as missing,
    // without copying it into WASM memory (issue 10.4).
    const record = typeof stored === 'string' && stored.length <= MAX_SESSION_BYTES ? stored : null;
    let session;
    try {
      // 0 too when the record's times say the session ended (issue 11).
      const pointer = record == null ? 0 : core.sessionFromData(record, id, oldSecret, lifetime);
      session = wrapSession(core, pointer || core.sessionFromData('{}', '', false));
    } catch (error) {
      await lease?.release();
      throw forgetCoreAfterTrap(error);
    }
    if (lease) {
      leases.set(session, { id, lease });
      // dispose() and `using` give the lease back. dispose() is synchronous, so
      // the release is not awaited; if it fails, the lease lapses by itself.
      session[whenDisposed](() => {
        const held = leases.get(session);
        leases.delete(session);
        held?.lease.release().catch((error) => console.error(`edge-session: could not give back the lease of session "${id}":`, error));
      });
    }
    return session;
  }

  async function commitSession(session, options) {
    checkSession(session);
    if (session.destroyed) return destroySession(session, options);
    // Committed already in this request and unchanged since: nothing to
    // write again (issue 11), only the same cookie.
    if (session[settled] && !session.dirty && session.id) return cookie.serialize(session.id, options);
    const expires = expiresFor(cookie, options);
    const { core } = await cookieInCore();
    let record;
    try {
      // The data with its times stamped now: the record carries the
      // session's expiry and idle/absolute timeouts, checked on read.
      record = core.record(session[sessionHandle](), expires ? Math.ceil(expires.getTime() / 1000) : 0, lifetime);
    } catch (error) {
      throw forgetCoreAfterTrap(error);
    }
    const deleteId = session.deleteId;
    const stored = storeExpiry(expires, lifetime);
    // A later commit of a session unchanged since then writes nothing (issue 11).
    const unchanged = leases.get(session)?.committed === true && !session.dirty;
    const id = await withLease(session, async (leaseFor) => {
      if (deleteId) await storeCall('delete', deleteId, () => store.delete(deleteId, leaseFor(deleteId)));
      const current = session.id;
      if (current) {
        if (!unchanged) await storeCall('update', current, () => store.update(current, record, stored, leaseFor(current)));
        return current;
      }
      const created = await storeCall('create', '', () => store.create(record, stored));
      if (!isValidId(created)) {
        throw new SessionStorageError('INVALID_SESSION_ID', `Session storage created the ID ${JSON.stringify(created)}, which its isValidId refuses`);
      }
      // A second commit in this request then updates this record instead of
      // creating another, and session.id tells the caller the new ID.
      session[assignStoredId](created);
      return created;
    });
    const setCookie = await cookie.serialize(id, options);
    session[releaseSession]();
    return setCookie;
  }

  async function destroySession(session, options) {
    checkSession(session);
    const ids = new Set([session.id, session.deleteId].filter(Boolean));
    await withLease(session, async (leaseFor) => {
      for (const id of ids) await storeCall('delete', id, () => store.delete(id, leaseFor(id)));
    });
    const setCookie = expiringSetCookie((await cookieInCore()).cookie, options);
    // Destroyed, whether or not the handler called destroy() (issue 11).
    session[markDestroyed]();
    session[releaseSession]();
    return setCookie;
  }

  // Plain functions, not methods using `this`: React Router's docs destructure
  // `const { getSession, commitSession, destroySession } = storage`.
  // withRemixIdStorage adds Remix v3's read/save over the same store.
  return withRemixIdStorage({
    getSession,
    commitSession,
    destroySession,

    /** @internal Ends a request that did not commit: frees a held lease. */
    async [endRequest](session) {
      const held = leases.get(session);
      leases.delete(session);
      await held?.lease.release();
    },
  }, cookie, store);
}
