// Sessions in Durable Objects: one object per session ID, so each session has
// a single home that sees every request in order. Strongly consistent: the
// object hands out one lease at a time, so concurrent requests of a session
// read-modify-write one after another and no update is lost (KV's
// last-write-wins loses them: remix#5647). Each record carries a version, so a
// later commit in the same request, made after the first gave the lease
// back, writes only if no other request wrote meanwhile (issue 11).
//
// Imports 'cloudflare:workers', so only the workerd entry may import this file.
import { DurableObject } from 'cloudflare:workers';
import { cookieFromOption } from './cookie.js';
import { SessionStorageError, shownId } from './errors.js';
import { createIdSessionStorage } from './id-storage.js';
import { keptUntil, lifetimeOf } from './lifetime.js';
import { isIssuedSessionId, nothingWritten, randomSessionId } from './internal.js';
import { scopeOf } from './per-backend.js';
import { refuseUnknownOptions } from './storage-options.js';
import {
  endLater,
  holdsNothing,
  indexOfStored,
  indexSweptAt,
  lastRevocationIn,
  listIndex,
  registerInIndex,
  revokeInIndex,
  settleEnded,
  sweepIndex,
  unregisterFromIndex,
} from './user-index.js';
import { againAfterReset, endSessionsOf, objectReset, onUserObjectOf, revocationOf, revokedThrough, sessionObjectOf, unlistedLater, userKeyOf } from './user-sessions.js';

/** How long a request may hold a session before its lease lapses (a crashed request must not lock it forever). */
/** What a LeaseError's message says of a lease that lapsed (the message is what crosses the RPC). */
const LEASE_LAPSED = 'its lease lapsed';
const DEFAULT_LEASE_TIMEOUT_MS = 10_000;
/** How long a request waits in line for a session before it fails. */
const MAX_WAIT_MS = 30_000;
/** How long getSession waits for a Session of the same ID still open in this isolate (issue 11). */
const DEFAULT_OPEN_TIMEOUT_MS = 1000;
/** 128-bit IDs practically never collide; this only bounds a broken namespace. */
const MAX_CREATE_ATTEMPTS = 5;
/**
 * The one storage key of a session object: { record, expiresAt (ms) | null,
 * version }. The version counts the writes (a record without one is version
 * 0); an absent record is version null.
 */
const KEY = 'session';
/**
 * A revoked session's mark, kept TOMBSTONE_MS (ms until): no write may bring
 * the session back, not even one a request started before the revocation.
 */
const REVOKED_KEY = 'revoked';
const TOMBSTONE_MS = 60 * 60 * 1000;
/**
 * Alarms take no date from 2189 on ("This API doesn't support dates after 2189": workerd's kj::Date, an int64 of
 * ns, ends in 2262; the message's year is the bound): a record expiring later gets no alarm (alarmFor).
 */
const ALARMS_END = Date.UTC(2189, 0, 1);
/**
 * How long after a move of its record (the ID a regenerateId(true) or a user switch leaves) a read of it is told so,
 * besides the reads that waited in line across it: a request of another tab sent before the move's answer reached
 * the browser arrives up to a round trip later. Longer, and a browser whose sign-in answer was lost, reloading at
 * once, would get for longer a form whose CSRF secret is never stored (its session is written only on a sign-in).
 */
const MOVED_LATELY_MS = 2000;
/** How many moves in a row a logout behind the first follows (endMoved): each a request of the same browser. */
const MAX_MOVES_FOLLOWED = 8;
/** The user index (js/user-index.js) of an object named for a user. */
const USER_INDEX_KEY = 'user-index';
/**
 * A key-value backed class's (`new_classes`) cap on a stored value, in bytes of V8's serialization: production's
 * put throws "Values cannot be larger than 131072 bytes" past it (SQLite-backed classes take 2 MB). workerd runs
 * every class on SQLite and stores more, so the object enforces it itself (#checkFits).
 */
const KEY_VALUE_BACKED_VALUE_BYTES = 128 * 1024;
/** What V8's serialization of a stored entry adds to its record's text: the header, three keys, the other values. */
const ENTRY_OVERHEAD_BYTES = 64;

function randomToken() {
  return randomSessionId() + randomSessionId();
}

class LeaseError extends Error {
  name = 'LeaseError';
}

/**
 * The Durable Object that holds one session. Export it from your Worker's
 * main module and bind it (the class name must match the binding's
 * `class_name`); its methods are called over RPC by the storage only.
 * @example
 * // worker.js
 * export { SessionDurableObject } from 'edge-session';
 * // wrangler.toml
 * // [[durable_objects.bindings]]
 * // name = "SESSIONS"
 * // class_name = "SessionDurableObject"
 * // [[migrations]]
 * // tag = "v1"
 * // new_sqlite_classes = ["SessionDurableObject"]
 */
export class SessionDurableObject extends DurableObject {
  /** The lease now held: { token, timer } or null. */
  #holder = null;
  /** Requests waiting for the lease, first come first served: { grant, timer }. */
  #waiting = [];
  /** Whether this class is key-value backed (`new_classes`), known at the first write. */
  #keyValueBacked;
  /**
   * How many times this object's record was deleted by a move (the ID a regenerateId(true) or a user switch
   * leaves), and when last, while this object is in memory: a read that waited in line across one, or came within
   * MOVED_LATELY_MS after it, is told (read's `moved`). Held in memory, as the line is: the reads waiting in it go
   * with it.
   */
  #moves = 0;
  #movedAt = -Infinity;
  /** The ID the last move went to (its commit's), which a logout read behind that move ends too. */
  #movedTo = null;

  /**
   * Waits for the lease, then reads the record. Returns null (and no lease)
   * when there is no record or it has expired; the expired record is deleted.
   * `{ moved: true }` when a move deleted the record while this read waited in
   * line, or less than MOVED_LATELY_MS before it: the request came with the
   * cookie that move replaced, sent before its answer reached the browser.
   * @param {number} [leaseTimeout] ms until an unused lease lapses
   * @returns {Promise<{ record: string, token: string, version: number } | { moved: true } | null>}
   */
  async read(leaseTimeout = DEFAULT_LEASE_TIMEOUT_MS) {
    const moves = this.#moves;
    const token = await this.#acquire(leaseTimeout);
    try {
      const entry = await this.#load();
      if (entry === null) {
        this.#release(token);
        return this.#moves === moves && Date.now() - this.#movedAt >= MOVED_LATELY_MS ? null : { moved: true, to: this.#movedTo };
      }
      return { record: entry.record, token, version: entry.version ?? 0 };
    } catch (error) {
      this.#release(token);
      throw error;
    }
  }

  /**
   * Stores a new session's record unless this object already holds one (an
   * ID collision, practically never).
   * @returns {Promise<boolean>} false when the ID is taken
   */
  async create(record, expiresAt) {
    return this.#locked(async () => {
      if ((await this.#load()) !== null || (await this.#revoked())) return false;
      await this.#store(record, expiresAt);
      return true;
    });
  }

  /**
   * Replaces the record. With a token, only while that lease is held (it is
   * then released); without one (a new ID from regenerateId), after waiting in line.
   * @returns {Promise<number>} the version written; -1 when the session was revoked (nothing written)
   */
  async write(token, record, expiresAt) {
    if (token == null) return this.#locked(async () => ((await this.#revoked()) ? -1 : this.#store(record, expiresAt)));
    this.#checkHolder(token, 'write');
    try {
      // A revocation does not wait for the lease (revoke()): the holder's write is refused here.
      if (await this.#revoked()) return -1;
      return await this.#store(record, expiresAt);
    } finally {
      this.#release(token);
    }
  }

  /**
   * A later commit of a request that gave its lease back: waits in line, then
   * replaces the record only if its version is still `version` (what the
   * request read or wrote last).
   * @param {number | null} version
   * @returns {Promise<{ written: boolean, version?: number, revoked?: boolean, gone?: boolean }>}
   */
  async writeIfUnchanged(version, record, expiresAt, landed = false) {
    return this.#locked(async () => {
      if (await this.#revoked()) return { written: false, revoked: true };
      const entry = await this.#load();
      const current = entry === null ? null : (entry.version ?? 0);
      if (current !== version) {
        // `landed`: a write whose answer a reset of this object lost (a deploy) is asked again. The very record, one
        // version on, is that write: it landed, and nobody wrote since. Regression (adversarial pass on the lifecycle
        // fix): the request failed with a 500 for a change that was saved.
        if (landed && version !== null && current === version + 1 && entry.record === record) return { written: true, version: current };
        return { written: false, gone: current === null };
      }
      return { written: true, version: await this.#store(record, expiresAt) };
    });
  }

  /**
   * Deletes the record after waiting in line, only if its version is still `version`; a record already gone counts
   * as deleted, but for a move asked again after a reset (`movedAgain`). `moved`: the ID a move leaves (#moves).
   * @param {number | null} version
   * @returns {Promise<{ removed: boolean }>}
   */
  async removeIfUnchanged(version, moved = false, to = null, movedAgain = false) {
    return this.#locked(async () => {
      if (await this.#revoked()) return { removed: true }; // gone already; the mark stays
      const current = await this.#version();
      if (current !== null && current !== version) return { removed: false };
      // `movedAgain`: a move asked again after a reset of this object (a deploy). A record gone may be another tab's
      // logout, which the move's commit must not outlive: not removed (the commit undoes what it made). Regression
      // (adversarial pass on the lifecycle fix): such a regenerateId(true) counted the logout's delete as its own, and
      // the browser was signed in again.
      if (current === null && movedAgain) return { removed: false };
      await this.#erase(moved && current !== null, to);
      return { removed: true };
    });
  }

  /**
   * Deletes the record: with a token only while that lease is held, else after waiting in line. `version` (a
   * logout's): should the token have lapsed, the delete is made as a later destroy of its request is, in line and
   * only if no other request wrote since (removeIfUnchanged). Regression (review): a request that held the session
   * past leaseTimeout had its logout refused (a 500) though nobody had touched the session, and the user stayed
   * signed in. `moved`: the ID a move leaves (#moves), under its lease.
   */
  async remove(token, version, moved = false, to = null) {
    if (token == null) return this.#locked(async () => ((await this.#revoked()) ? undefined : this.#erase()));
    if (version !== undefined && this.#holder?.token !== token && (await this.removeIfUnchanged(version)).removed) return;
    this.#checkHolder(token, 'delete');
    try {
      if (!(await this.#revoked())) await this.#erase(moved, to); // a revoked session's mark stays
    } finally {
      this.#release(token);
    }
  }

  /**
   * Ends the session for good (revocation, issue 14): keeps a mark for
   * TOMBSTONE_MS that refuses every later write, then deletes the record.
   * It does not wait in line: the request holding the lease may be the one
   * revoking (revokeUserSessions without `except`), which would wait for
   * itself until its lease lapsed. A holder's write is refused instead.
   */
  async revoke() {
    const until = Date.now() + TOMBSTONE_MS;
    await this.ctx.storage.put(REVOKED_KEY, until);
    await this.ctx.storage.delete(KEY);
    await this.ctx.storage.setAlarm(until);
    // Where a move took its record ({ to, user }), or null: a logout behind an earlier move (endMoved) goes on there.
    return this.#movedTo;
  }

  // An object named for a user keeps that user's index (js/user-index.js).
  // Durable Object storage calls keep the object's input gate closed, so
  // each read-change-write below runs alone.

  /** Lists a session of this user for a commit; see registerInIndex. */
  async userRegister(id, commit) {
    return this.#changeIndex((index) => registerInIndex(index, id, commit));
  }

  async userUnregister(id, listedAs) {
    await this.#changeIndex((index) => unregisterFromIndex(index, id, listedAs));
  }

  /**
   * The user's live sessions, most recently seen first. The entries listIndex prunes (expired past their grace)
   * leave the stored index too. Regression (review): they were pruned from the copy read, and stayed stored until
   * the user's next change.
   */
  async userList() {
    const kept = await this.ctx.storage.get(USER_INDEX_KEY);
    if (kept === undefined) return [];
    const index = indexOfStored(kept);
    const stored = Object.keys(index.sessions).length;
    const listed = listIndex(index, Date.now());
    if (Object.keys(index.sessions).length !== stored) await this.#keepIndex(index);
    return listed;
  }

  /**
   * Takes every session but exceptId off the index and records the
   * revocation; returns { ended, count } (revokeInIndex): the revoked IDs,
   * whose objects the caller revokes, and how many sessions they are but `uncountedId` (revokeInIndex).
   */
  async userRevoke(exceptId, at, uncountedId, attempt) {
    return this.#changeIndex((index) => revokeInIndex(index, exceptId, at, Date.now(), uncountedId ?? undefined, attempt));
  }

  /** The sessions `ids` were ended (their objects revoked): no longer pending (see user-index.js). */
  async userSettleEnded(ids) {
    await this.#changeIndex((index) => settleEnded(index, ids));
  }

  /** The user's last revocation { at, exceptId? } (cookie sessions' `revocation` option, sessions without a sign-in time). */
  async userRevocation() {
    return lastRevocationIn(indexOfStored(await this.ctx.storage.get(USER_INDEX_KEY)));
  }

  async #changeIndex(change) {
    const index = indexOfStored(await this.ctx.storage.get(USER_INDEX_KEY));
    const result = change(index);
    await this.#keepIndex(index);
    return result;
  }

  /**
   * Stores the user's index, or erases the object once the index holds nothing (holdsNothing: a revocation mark is
   * kept for good); an alarm sweeps it once every entry may have gone (indexSweptAt), for a user who never comes back.
   * Set only when none is: each sweep sets the next, so a user's commits add no write. Regression (long-lived isolate
   * pass): each user who ever signed in left their index stored for good, and one who never returned every expired
   * session's entry in it, as the file and memory storages' indexes no longer do.
   * @param {boolean} [sweeping] from the alarm, which has no alarm set any more
   */
  async #keepIndex(index, sweeping = false) {
    if (holdsNothing(index)) return this.#erase();
    await this.ctx.storage.put(USER_INDEX_KEY, index);
    const sweptAt = indexSweptAt(index);
    if (sweptAt !== null && (sweeping || (await this.ctx.storage.getAlarm()) === null)) await this.ctx.storage.setAlarm(sweptAt);
  }

  /** Gives the lease back unused. A lapsed or unknown token is ignored. */
  async release(token) {
    this.#release(token);
  }

  /**
   * Set to the record's expiry: deletes it once past, so expired sessions do not pile up. On a user's object, set
   * to when its index may be swept (#keepIndex): sweeps it, and erases the object once it holds nothing.
   */
  async alarm() {
    const kept = await this.ctx.storage.get(USER_INDEX_KEY);
    if (kept !== undefined) {
      const index = indexOfStored(kept);
      sweepIndex(index, Date.now());
      return this.#keepIndex(index, true);
    }
    const revokedUntil = await this.ctx.storage.get(REVOKED_KEY);
    if (revokedUntil !== undefined) {
      if (revokedUntil <= Date.now()) await this.#erase();
      else await this.ctx.storage.setAlarm(revokedUntil);
      return;
    }
    const entry = await this.ctx.storage.get(KEY);
    if (!entry) return;
    if (entry.expiresAt != null && entry.expiresAt <= Date.now()) await this.#erase();
    else if (entry.expiresAt != null) await this.#alarmFor(entry.expiresAt);
  }

  /**
   * Sets the alarm that deletes a record at `expiresAt` (ms), or none: a record with no expiry, or one past what
   * alarms take (ALARMS_END), is kept until deleted (never before its end; #load ends it then). Regression (audit
   * of issue 3): a cookie's far-future maxAge or expires (9999-12-31) failed every commit with a 500.
   * @param {number | null} expiresAt
   */
  async #alarmFor(expiresAt) {
    if (expiresAt == null || expiresAt >= ALARMS_END) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(expiresAt);
  }

  /** The stored entry, or null when there is none or it has expired. */
  async #load() {
    const entry = await this.ctx.storage.get(KEY);
    if (!entry) return null;
    if (entry.expiresAt != null && entry.expiresAt <= Date.now()) {
      await this.#erase(); // an expired record is never served
      return null;
    }
    return entry;
  }

  async #revoked() {
    return (await this.ctx.storage.get(REVOKED_KEY)) !== undefined;
  }

  async #version() {
    const entry = await this.#load();
    return entry === null ? null : (entry.version ?? 0);
  }

  /** Call with the lease held. Returns the version written. */
  async #store(record, expiresAt) {
    if (typeof record !== 'string') throw new TypeError('SessionDurableObject: record must be a string');
    this.#checkFits(record);
    const at = typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? expiresAt : null;
    const version = ((await this.ctx.storage.get(KEY))?.version ?? 0) + 1;
    await this.ctx.storage.put(KEY, { record, expiresAt: at, version });
    await this.#alarmFor(at);
    return version;
  }

  /**
   * Refuses, on a key-value backed class, a record production would not store (128 KiB of V8's serialization: one
   * byte a character, two once any is past Latin-1), with the way out; nothing is written, as production's put
   * refuses it. SQL is not enabled on such a class, in workerd too, which tells it. Regression (black-box pass over
   * the platform's limits): workerd stored it, so a Worker declared with new_classes passed every local test and
   * failed in production, for each user whose session grew past it (a 70 KiB one holding a euro sign).
   */
  #checkFits(record) {
    if (this.#keyValueBacked === undefined) {
      try {
        this.ctx.storage.sql.exec('SELECT 1');
        this.#keyValueBacked = false;
      } catch (error) {
        this.#keyValueBacked = /SQL is not enabled/i.test(String(error?.message));
      }
    }
    if (!this.#keyValueBacked) return;
    const bytes = record.length * (/[^\u0000-\u00ff]/.test(record) ? 2 : 1) + ENTRY_OVERHEAD_BYTES;
    if (bytes <= KEY_VALUE_BACKED_VALUE_BYTES) return;
    throw new RangeError(
      `SessionDurableObject: this session takes about ${bytes} bytes stored, past the ${KEY_VALUE_BACKED_VALUE_BYTES} a ` +
        'key-value backed Durable Object class (declared in new_classes) takes per value; declare the class in ' +
        'new_sqlite_classes (2 MB per value), as the README does, or keep less in the session. Nothing was written',
    );
  }

  /** Deletes everything the object holds; `moved`: a move's delete of a record (#moves). */
  async #erase(moved = false, to = null) {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    if (moved) {
      this.#moves++;
      this.#movedAt = Date.now();
      this.#movedTo = to ?? null;
    }
  }

  async #locked(work) {
    const token = await this.#acquire(DEFAULT_LEASE_TIMEOUT_MS);
    try {
      return await work();
    } finally {
      this.#release(token);
    }
  }

  #checkHolder(token, action) {
    if (this.#holder?.token !== token) {
      throw new LeaseError(
        `SessionDurableObject: cannot ${action} the session: ${LEASE_LAPSED} (the request held it longer ` +
          'than the lease timeout) or was never granted, so another request may have changed it meanwhile; ' +
          'nothing was written',
      );
    }
  }

  #acquire(leaseTimeout) {
    const timeout = Number.isFinite(leaseTimeout) && leaseTimeout > 0 ? leaseTimeout : DEFAULT_LEASE_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.#grant(timeout));
        },
        timer: setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new LeaseError(`SessionDurableObject: waited ${MAX_WAIT_MS} ms for the session; too many requests hold it`));
        }, MAX_WAIT_MS),
      };
      if (this.#holder === null) waiter.grant();
      else this.#waiting.push(waiter);
    });
  }

  #grant(timeout) {
    const token = randomToken();
    // The lease lapses by itself so a crashed or abandoned request cannot
    // lock the session for good; its late write then fails (#checkHolder).
    const timer = setTimeout(() => this.#release(token), timeout);
    this.#holder = { token, timer };
    return token;
  }

  #release(token) {
    // No token (a read answered with none: missing, moved) matches no holder, not even none.
    if (token == null || this.#holder?.token !== token) return;
    clearTimeout(this.#holder.timer);
    this.#holder = null;
    this.#waiting.shift()?.grant();
  }
}

/**
 * IDs whose lease a Session of this isolate holds now, across storages:
 * id -> { until: ms when the lease lapses }. Workers give no way to tell the
 * request a getSession belongs to, so a second open of a held ID waits for it
 * only `openTimeout` ms (issue 11); the request lifecycle's open, a request's
 * first, does not look here.
 */
const openHere = new Map();
/** Beyond this many entries, lapsed ones (requests that died holding a lease) are swept. */
const OPEN_HERE_SWEEP = 1000;
/**
 * How often a waiter looks again. Polling, not a promise the holder resolves:
 * a promise settled by another request's context is cancelled or warned about
 * by workerd once either request has ended.
 */
const OPEN_POLL_MS = 20;

/** Marks `id` held here until the returned function is called (or the lease lapses). */
function holdHere(id, leaseTimeout) {
  if (openHere.size >= OPEN_HERE_SWEEP) {
    const now = Date.now();
    for (const [key, entry] of openHere) if (entry.until <= now) openHere.delete(key);
  }
  const holder = { until: Date.now() + leaseTimeout };
  openHere.set(id, holder);
  return () => {
    if (openHere.get(id) === holder) openHere.delete(id);
  };
}

/**
 * Waits while a Session of this isolate holds `id`, at most `openTimeout` ms
 * per holder (a queue of short requests passes), then fails clearly: the
 * holder may be this very request, which would otherwise wait for the lease
 * timeout. A holder whose lease lapses within the bound is waited for in the
 * object's line instead.
 */
async function waitForOpenHere(id, openTimeout) {
  let watched;
  let since;
  for (;;) {
    const holder = openHere.get(id);
    if (!holder || holder.until <= Date.now() + openTimeout) return;
    if (holder !== watched) [watched, since] = [holder, Date.now()];
    else if (Date.now() - since >= openTimeout) {
      throw new SessionStorageError(
        'SESSION_OPEN',
        `Session "${shownId(id)}" is still open in this isolate after ${openTimeout} ms: dispose() or commit the first ` +
          'Session before opening it again (or open it once per request, as withSession does).',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, OPEN_POLL_MS));
  }
}

function writtenAcrossReset(id) {
  return new SessionStorageError(
    'STORAGE_FAILED',
    `Session "${shownId(id)}": its Durable Object was reset (a deploy) while this request held it, and the session was ` +
      'written since (by another request, or by this one before the reset); this commit wrote nothing more',
  );
}

function sessionRevoked(id) {
  return new SessionStorageError('SESSION_REVOKED', `Session "${shownId(id)}" was revoked (revokeUserSessions) while this request held it; nothing was written`);
}

function leaseLapsed(id) {
  const error = new SessionStorageError(
    'STORAGE_FAILED',
    `Session "${shownId(id)}": its lease lapsed (the request held it longer than the lease timeout), so another request may ` +
      'have changed it meanwhile; nothing was written',
  );
  nothingWritten.add(error);
  return error;
}

function sessionChanged(id, action) {
  return new SessionStorageError(
    'SESSION_CHANGED',
    `Session "${shownId(id)}": another request changed the session since this request committed or read it, so this later ` +
      `${action} was refused and nothing was written. Commit a session once per request.`,
  );
}

/**
 * A session storage that keeps each session in its own Durable Object
 * (`namespace.idFromName(keyPrefix + id)`), with one request at a time per session.
 * The Worker must export SessionDurableObject and bind it.
 *
 * getSession takes the session's lease; commitSession, destroySession and
 * dispose() (or `using`) give it back. A later commit in the same request
 * takes it again and writes only if no other request wrote meanwhile, else
 * throws SessionStorageError `SESSION_CHANGED`. A getSession of a session that
 * a Session of this isolate still holds waits at most `openTimeout`, then throws
 * SessionStorageError `SESSION_OPEN`; the open withSession and the middlewares
 * make (the request's first) waits in the object's line instead.
 * @param {object} options
 * @param {import('./cookie.js').Cookie | object} [options.cookie] holds only the signed ID
 * @param {DurableObjectNamespace} options.namespace the binding of SessionDurableObject, e.g. `env.SESSIONS`
 * @param {number} [options.leaseTimeout] ms a request may hold its session (default 10 000);
 *   a commit after that fails rather than overwrite a newer write
 * @param {number} [options.openTimeout] ms a getSession waits for a Session of the same ID
 *   still open in this isolate before it fails (default 1000)
 * @param {string} [options.keyPrefix] default '': prefixes the names of the sessions' and the users' index
 *   objects, so that two apps over one namespace, each with its own, keep sessions and users of their own
 * @param {string} [options.userKey] the session key holding the user's ID: the
 *   storage then lists and revokes a user's sessions, at once everywhere. Each
 *   user has an index object (`idFromName(keyPrefix + 'user:' + sha256(userId))`, the same
 *   class) that every commit of the user's sessions goes through; a commit of
 *   a session revoked meanwhile is refused (the cookie expired).
 * @example
 * import { createDurableObjectSessionStorage, withSession } from 'edge-session';
 * export { SessionDurableObject } from 'edge-session';
 * export default {
 *   fetch: withSession(
 *     (env) => createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] }, namespace: env.SESSIONS }),
 *     (request, { session }) => {
 *       session.set('count', (session.get('count') ?? 0) + 1);
 *       return new Response(String(session.get('count')));
 *     },
 *   ),
 * };
 */
export function createDurableObjectSessionStorage({
  cookie,
  namespace,
  leaseTimeout = DEFAULT_LEASE_TIMEOUT_MS,
  idleTimeout,
  absoluteTimeout,
  touchInterval,
  openTimeout = DEFAULT_OPEN_TIMEOUT_MS,
  userKey,
  keyPrefix = '',
  encrypt,
  ...unknown
} = {}) {
  refuseUnknownOptions(unknown, 'createDurableObjectSessionStorage');
  if (typeof keyPrefix !== 'string') throw new TypeError('createDurableObjectSessionStorage: keyPrefix must be a string');
  if (typeof namespace?.idFromName !== 'function' || typeof namespace?.get !== 'function') {
    throw new TypeError('createDurableObjectSessionStorage: namespace must be a Durable Object namespace binding (env.<BINDING>)');
  }
  if (!Number.isFinite(leaseTimeout) || leaseTimeout <= 0) {
    throw new TypeError('createDurableObjectSessionStorage: leaseTimeout must be a positive number of milliseconds');
  }
  if (!Number.isFinite(openTimeout) || openTimeout <= 0) {
    throw new TypeError('createDurableObjectSessionStorage: openTimeout must be a positive number of milliseconds');
  }
  const stubFor = (id) => {
    if (!isIssuedSessionId(id)) throw new Error(`"${shownId(id)}" is not a session ID this storage made`);
    return sessionObjectOf(namespace, id, keyPrefix);
  };
  const expiresAt = keptUntil;
  // Two apps over one namespace, each with its own keyPrefix, have users of their own (user-sessions.js userObjectOf,
  // under keyPrefix). Regression (review): an admin area's "sign out everywhere" of its user "1" ended the shop's
  // customer "1", whose sessions its listing named.
  // And sessions of their own (sessionObjectOf): the store the records are in (createIdSessionStorage's `backend`)
  // is the namespace and the prefix, as the KV storage's is. Regression (s52 Durable Object scenario pass): a
  // session moved from one prefix to another kept its ID (a signed-in one was refused, and the user signed out),
  // and a logout of the old cookie under the old prefix made the isolate refuse its next write there.
  const scope = scopeOf(namespace, keyPrefix);
  /**
   * Revokes sessions' objects, each then refusing every later write (that of a request holding it now too), and
   * settles them in the user's index; any that failed stay pending there, revoked again by the next revocation or
   * sign-in of the user, and this rejects (user-sessions.js endSessionsOf, shared with a cookie storage's
   * `revocation: { namespace }`).
   */
  const revokeSessions = (userId, ids) => endSessionsOf(namespace, keyPrefix, userId, ids);
  /**
   * A call to the user's index object that may be made twice, made once more through a new stub should the object
   * be reset during it (a deploy). A registration made twice lists the session once, and tells by its `attempt` an
   * entry its first try made (for a failed commit to undo). Regression (known since the lifecycle review): a sign-in
   * failed with a 500 when the user's index object was reset.
   */
  const onUserObject = (userId, call) => onUserObjectOf(namespace, keyPrefix, userId, call);
  const users = {
    async register(userId, id, commit) {
      // Its token tells the retry after a reset an entry the first call made (registerInIndex's `attempt`).
      const attempt = randomSessionId();
      const { ok, evicted, added } = await onUserObject(userId, (user) => user.userRegister(id, { ...commit, attempt }));
      await revokeSessions(userId, evicted).catch(endLater);
      return ok && { added };
    },
    unregister: (userId, id, listedAs) => onUserObject(userId, (user) => user.userUnregister(id, listedAs)),
    lastRevocation: async (userId) => revocationOf(await onUserObject(userId, (user) => user.userRevocation())),
    // A cookie storage sharing this namespace (revocation: { namespace }) records its sign-ins in the same index.
    list: async (userId) => (await onUserObject(userId, (user) => user.userList())).filter((entry) => isIssuedSessionId(entry.id)),
    async revoke(userId, exceptId, at) {
      // Made once more after a reset (a deploy), its token telling a first try whose answer was lost.
      const attempt = randomSessionId();
      const { ended, count } = await onUserObject(userId, (user) => user.userRevoke(exceptId ?? null, at, null, attempt));
      // A cookie storage sharing the namespace (revocation: { namespace }) knows of it at once in this isolate.
      revokedThrough(scope, userId, revocationOf({ at, exceptId }));
      await revokeSessions(userId, ended);
      return count;
    },
  };

  /**
   * A request's claim on one session: the lease while `token` is set, then
   * the version it last read or wrote, which a later commit must still find.
   */
  function leaseOn(stub, token, version, letGo) {
    const lease = {
      stub,
      token,
      version,
      written: undefined, // the record this request last wrote
      /** The token, once: the lease is then no longer this request's to give back. */
      take() {
        const taken = lease.token;
        lease.token = null;
        letGo();
        return taken;
      },
      /** Gives the lease back if still held. Idempotent. */
      async release() {
        const taken = lease.take();
        // An object reset since (a deploy) took the lease with it: nothing to give back, nothing to log.
        if (taken) await stub.release(taken).catch((error) => {
          if (!objectReset(error)) throw error;
        });
      },
    };
    return lease;
  }

  /** A version-checked call through the lease's stub, made again through a new one after a reset (againAfterReset). */
  const onNewInstance = (lease, id, call) => againAfterReset(() => call(lease.stub), () => (lease.stub = stubFor(id)));

  return createIdSessionStorage(cookieFromOption(cookie, encrypt), {
    backend: scope,
    ordersRequests: true, // its leases
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    userKey: userKeyOf(userKey),
    users,
    async create(record, expires, newId) {
      for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
        const id = newId();
        if (await stubFor(id).create(record, expiresAt(expires))) return id;
      }
      throw new Error(`no unused session ID after ${MAX_CREATE_ATTEMPTS} attempts`);
    },

    async read(id, { forRequest = false } = {}) {
      if (!isIssuedSessionId(id)) return null;
      // A request's own first open: a holder here is another request, which the object's line serialises.
      if (!forRequest) await waitForOpenHere(id, openTimeout);
      let stub = stubFor(id);
      let found;
      try {
        found = await stub.read(leaseTimeout);
      } catch (error) {
        // Reset while this read waited in its line (or read): that line, and any lease it was granted, went with the
        // old instance, so the read is made again in the new one. Regression (lifecycle review): a 500.
        if (!objectReset(error)) throw error;
        stub = stubFor(id);
        found = await stub.read(leaseTimeout);
      }
      if (found === null) return null;
      if (found.moved === true) return { record: null, moved: true, movedTo: found.to ?? undefined };
      // RPC results are plain data: the lease is the token, and releasing it is a call.
      const { record, token, version } = found;
      return { record, lease: leaseOn(stub, token, version, holdHere(id, leaseTimeout)) };
    },

    async update(id, record, expires, lease) {
      // No lease: an ID only this request knows (created or regenerated in it).
      if (!lease) {
        if ((await stubFor(id).write(null, record, expiresAt(expires))) === -1) throw sessionRevoked(id);
        return;
      }
      if (lease.token) {
        let version;
        try {
          version = await lease.stub.write(lease.take(), record, expiresAt(expires));
        } catch (error) {
          // Refused before anything was stored: the caller may know it wrote nothing (internal.js nothingWritten).
          if (!objectReset(error)) throw String(error?.message).includes(LEASE_LAPSED) ? leaseLapsed(id) : error;
          // The object was reset since the read, and the lease with it: written as a later commit is, in line in the
          // new instance and only if nobody wrote since (a logout, a revocation, another request). Regression
          // (lifecycle review): a deploy between a request's read and its commit failed it (a 500) though nobody
          // else had written, and the change or the sign-in was lost.
          lease.stub = stubFor(id);
          const result = await lease.stub.writeIfUnchanged(lease.version, record, expiresAt(expires), true);
          if (result.revoked) throw sessionRevoked(id);
          // Gone: another request's logout in the new instance, answered as a logout seen meanwhile is (nothing
          // written, no cookie for the session). Regression (adversarial pass on the lifecycle fix): a 500.
          if (result.gone) return false;
          // Not known to have written nothing (STORAGE_FAILED, not SESSION_CHANGED): the reset may have come after
          // this request's own write landed.
          if (!result.written) throw writtenAcrossReset(id);
          version = result.version;
        }
        if (version === -1) throw sessionRevoked(id);
        lease.version = version;
      } else {
        // A later commit in the request: one that changes nothing writes nothing.
        if (lease.written === record) return;
        const result = await onNewInstance(lease, id, (stub) => stub.writeIfUnchanged(lease.version, record, expiresAt(expires)));
        if (result.revoked) throw sessionRevoked(id);
        // Gone: a logout (or a move) since the request's last write that this isolate did not see (another isolate's),
        // answered as a logout seen meanwhile is. Regression (s52 Durable Object scenario pass): SESSION_CHANGED, a
        // 500 where the same isolate's logout was answered as one.
        if (result.gone) return false;
        if (!result.written) throw sessionChanged(id, 'commit');
        lease.version = result.version;
      }
      lease.written = record;
    },

    /**
     * A logout read behind a move (read's `movedTo`: { to, user }) ends the session that move made: the same
     * browser's, whose cookie it held a moment before. Revoked, so a later commit of the mover writes it no more.
     */
    async endMoved(movedTo) {
      // And the session a later move of that one made (the same browser's: a sign-in, then "sign out of my other
      // devices"), which the revoked object names. Regression (adversarial pass): it stayed signed in and listed.
      for (let hops = 0; hops < MAX_MOVES_FOLLOWED && movedTo && isIssuedSessionId(movedTo.to); hops++) {
        const { to, user } = movedTo;
        movedTo = await stubFor(to).revoke();
        if (user !== undefined) await users.unregister(user, to).catch(unlistedLater); // revoked, listed until its expiry
      }
    },

    async delete(id, lease, logout = false, movedTo = undefined) {
      // An ID of another shape cannot have been stored, so there is nothing to delete.
      if (!isIssuedSessionId(id)) return;
      if (!lease) return stubFor(id).remove(null);
      // Under its lease and no logout: the ID a move leaves, which the reads waiting behind it are told of.
      const to = logout ? null : movedTo ?? null;
      let removeInLine = !lease.token;
      let movedAgain = false;
      if (lease.token) {
        try {
          await lease.stub.remove(lease.take(), logout ? lease.version : undefined, !logout, to);
        } catch (error) {
          // Reset since the read, and the lease with it: deleted in line in the new instance, only if nobody wrote
          // since, as a logout whose lease lapsed is. Regression (lifecycle review): a logout after a deploy failed
          // (a 500) and the user stayed signed in; a sign-in's move of its ID failed and the sign-in was lost.
          if (!objectReset(error)) throw error;
          lease.stub = stubFor(id);
          removeInLine = true;
          movedAgain = !logout;
        }
      }
      if (removeInLine) {
        const removeIfUnchanged = (stub) => stub.removeIfUnchanged(lease.version, !logout, to, movedAgain);
        const { removed } = await (logout ? onNewInstance(lease, id, removeIfUnchanged) : removeIfUnchanged(lease.stub));
        if (!removed) throw sessionChanged(id, 'destroy');
      }
      lease.version = null;
      lease.written = undefined;
    },
  });
}
