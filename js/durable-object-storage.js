// Sessions in Durable Objects: one object per session ID, so each session has
// a single home that sees every request in order. Strongly consistent: the
// object hands out one lease at a time, so concurrent requests of a session
// read-modify-write one after another and no update is lost (KV's
// last-write-wins loses them: remix#5647).
//
// Imports 'cloudflare:workers', so only the workerd entry may import this file.
import { DurableObject } from 'cloudflare:workers';
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { lifetimeOf } from './lifetime.js';
import { isIssuedSessionId, randomSessionId } from './internal.js';

/** How long a request may hold a session before its lease lapses (a crashed request must not lock it forever). */
const DEFAULT_LEASE_TIMEOUT_MS = 10_000;
/** How long a request waits in line for a session before it fails. */
const MAX_WAIT_MS = 30_000;
/** 128-bit IDs practically never collide; this only bounds a broken namespace. */
const MAX_CREATE_ATTEMPTS = 5;
/** The one storage key of a session object: { record, expiresAt (ms) | null }. */
const KEY = 'session';

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

  /**
   * Waits for the lease, then reads the record. Returns null (and no lease)
   * when there is no record or it has expired; the expired record is deleted.
   * @param {number} [leaseTimeout] ms until an unused lease lapses
   * @returns {Promise<{ record: string, token: string } | null>}
   */
  async read(leaseTimeout = DEFAULT_LEASE_TIMEOUT_MS) {
    const token = await this.#acquire(leaseTimeout);
    try {
      const record = await this.#load();
      if (record === null) {
        this.#release(token);
        return null;
      }
      return { record, token };
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
      if ((await this.#load()) !== null) return false;
      await this.#store(record, expiresAt);
      return true;
    });
  }

  /**
   * Replaces the record. With a token, only while that lease is held (it is
   * then released); without one (a new ID from regenerateId), after waiting in line.
   */
  async write(token, record, expiresAt) {
    if (token == null) return this.#locked(() => this.#store(record, expiresAt));
    this.#checkHolder(token, 'write');
    try {
      await this.#store(record, expiresAt);
    } finally {
      this.#release(token);
    }
  }

  /** Deletes the record: with a token only while that lease is held, else after waiting in line. */
  async remove(token) {
    if (token == null) return this.#locked(() => this.#erase());
    this.#checkHolder(token, 'delete');
    try {
      await this.#erase();
    } finally {
      this.#release(token);
    }
  }

  /** Gives the lease back unused. A lapsed or unknown token is ignored. */
  async release(token) {
    this.#release(token);
  }

  /** Set to the record's expiry: deletes it once past, so expired sessions do not pile up. */
  async alarm() {
    const entry = await this.ctx.storage.get(KEY);
    if (!entry) return;
    if (entry.expiresAt != null && entry.expiresAt <= Date.now()) await this.#erase();
    else if (entry.expiresAt != null) await this.ctx.storage.setAlarm(entry.expiresAt);
  }

  async #load() {
    const entry = await this.ctx.storage.get(KEY);
    if (!entry) return null;
    if (entry.expiresAt != null && entry.expiresAt <= Date.now()) {
      await this.#erase(); // an expired record is never served
      return null;
    }
    return entry.record;
  }

  async #store(record, expiresAt) {
    if (typeof record !== 'string') throw new TypeError('SessionDurableObject: record must be a string');
    const at = typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? expiresAt : null;
    await this.ctx.storage.put(KEY, { record, expiresAt: at });
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
  }

  async #erase() {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
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
        `SessionDurableObject: cannot ${action} the session: its lease lapsed (the request held it longer ` +
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
    if (this.#holder?.token !== token) return;
    clearTimeout(this.#holder.timer);
    this.#holder = null;
    this.#waiting.shift()?.grant();
  }
}

/**
 * A session storage that keeps each session in its own Durable Object
 * (`namespace.idFromName(id)`), with one request at a time per session.
 * The Worker must export SessionDurableObject and bind it.
 * @param {object} options
 * @param {import('./cookie.js').Cookie | object} [options.cookie] holds only the signed ID
 * @param {DurableObjectNamespace} options.namespace the binding of SessionDurableObject, e.g. `env.SESSIONS`
 * @param {number} [options.leaseTimeout] ms a request may hold its session (default 10 000);
 *   a commit after that fails rather than overwrite a newer write
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
} = {}) {
  if (typeof namespace?.idFromName !== 'function' || typeof namespace?.get !== 'function') {
    throw new TypeError('createDurableObjectSessionStorage: namespace must be a Durable Object namespace binding (env.<BINDING>)');
  }
  if (!Number.isFinite(leaseTimeout) || leaseTimeout <= 0) {
    throw new TypeError('createDurableObjectSessionStorage: leaseTimeout must be a positive number of milliseconds');
  }
  const stubFor = (id) => {
    if (!isIssuedSessionId(id)) throw new Error(`"${id}" is not a session ID this storage made`);
    return namespace.get(namespace.idFromName(id));
  };
  const expiresAt = (expires) => (expires ? expires.getTime() : null);

  return createIdSessionStorage(cookieFromOption(cookie), {
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    async create(record, expires) {
      for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
        const id = randomSessionId();
        if (await stubFor(id).create(record, expiresAt(expires))) return id;
      }
      throw new Error(`no unused session ID after ${MAX_CREATE_ATTEMPTS} attempts`);
    },

    async read(id) {
      if (!isIssuedSessionId(id)) return null;
      const stub = stubFor(id);
      const found = await stub.read(leaseTimeout);
      if (found === null) return null;
      // RPC results are plain data: the lease is the token, and releasing it is a call.
      const { record, token } = found;
      return { record, lease: { token, release: () => stub.release(token) } };
    },

    update: (id, record, expires, lease) => stubFor(id).write(lease?.token ?? null, record, expiresAt(expires)),
    // An ID of another shape cannot have been stored, so there is nothing to delete.
    delete: async (id, lease) => (isIssuedSessionId(id) ? stubFor(id).remove(lease?.token ?? null) : undefined),
  });
}
