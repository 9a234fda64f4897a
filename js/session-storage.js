// createSessionStorage: any backend, with React Router's callback signatures.
// Callbacks see the data as React Router does (a plain object, flash under
// `__flash_<key>__`), so existing backends keep working. With `userKey`, the
// users' indexes and revocation marks are records of the same backend
// (js/callback-user-store.js).
import { createCallbackUserStore, isReservedId } from './callback-user-store.js';
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { endOf, lifetimeOf } from './lifetime.js';
import { scopeOf } from './per-backend.js';
import { refuseUnknownOptions } from './storage-options.js';
import { userKeyOf } from './user-sessions.js';

/** What the callback storages' backends are scoped under (per-backend.js scopeOf): one per cookie name. */
const CALLBACK_STORAGES = {};
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
// Names an object keyed by ID already has: `db[id]` of `__proto__` is
// Object.prototype, a record to adopt, and `db[id] = data` then replaces the
// backend's prototype. `prototype` is a function's.
const INHERITED_NAMES = new Set([
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString',
  'toLocaleString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);

/**
 * createSessionStorage's default ID check: 1-128 characters of A-Z a-z 0-9 _ -, and not the name of a property
 * every object inherits (`__proto__`, `constructor`, `toString`...).
 * @example
 * createSessionStorage({ ...callbacks, isValidId: (id) => isSafeSessionId(id) || id.startsWith('legacy.') });
 */
export function isSafeSessionId(id) {
  return typeof id === 'string' && SAFE_ID.test(id) && !INHERITED_NAMES.has(id);
}

/**
 * A record's JSON text; null when absent or when it has none: nested past the
 * stack (RangeError), circular or holding a BigInt (TypeError). Such a record
 * is corrupt and reads as missing, as bad text does in the KV and file
 * storages (issue 10.2); only readData's own failure is a storage failure.
 */
function recordText(data) {
  if (data == null) return null;
  try {
    return JSON.stringify(data);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return null;
    throw error;
  }
}

/**
 * A record's end as the callbacks get it: undefined for none, and for a maxAge past what a Date holds (an invalid
 * Date, which our own stores keep until deleted). Regression (audit): an invalid Date reached createData, where
 * `expires.toISOString()` threw (every commit a 500) and `expires > new Date()` never read the record back.
 */
const endAsDate = (expires) => (endOf(expires) === null ? undefined : expires);

/**
 * @param {object} strategy
 * @param {import('./cookie.js').Cookie | object} [strategy.cookie]
 * @param {(data: object, expires?: Date) => Promise<string>} strategy.createData returns the new ID
 * @param {(id: string) => Promise<object | null>} strategy.readData
 * @param {(id: string, data: object, expires?: Date) => Promise<void>} strategy.updateData
 *   with `userKey`, must also create a record that does not exist yet (an upsert)
 * @param {(id: string) => Promise<void>} strategy.deleteData
 * @param {(id: string) => boolean} [strategy.isValidId] the IDs createData makes.
 *   A cookie naming any other ID is treated as no session, and readData never
 *   sees it. Default: 1-128 characters of A-Z a-z 0-9 _ - (UUIDs, hex, base64url
 *   and integer IDs pass; quotes, dots, slashes and spaces do not). IDs
 *   starting with `es:` (in any case) are reserved and always refused.
 * @param {string} [strategy.userKey] the session key holding the user's ID: the
 *   storage then lists and revokes a user's sessions (listUserSessions,
 *   revokeUserSessions). Each user has two records written through the same
 *   callbacks: an index `es:user:<sha256(userId)>` (read and written at every
 *   commit of the user's sessions) and, once revoked, a revocation mark
 *   `es:revoked:<sha256(userId)>`, against which sessions are checked when read
 *   (cached 5 s per isolate). updateData must then be an upsert.
 * @param {string} [strategy.keyPrefix] default '': names the users' records `es:<keyPrefix>user:...` and
 *   `es:<keyPrefix>revoked:...`; two apps over one table whose user IDs are their own each give their own
 * @example
 * const storage = createSessionStorage({
 *   cookie: { name: '__session', secrets: ['s3cr3t'] },
 *   async createData(data, expires) { const id = crypto.randomUUID(); await db.put(id, data, expires); return id; },
 *   readData: (id) => db.get(id),
 *   updateData: (id, data, expires) => db.put(id, data, expires),
 *   deleteData: (id) => db.delete(id),
 *   userKey: 'userId', // optional: db.put must then create missing records too
 * });
 */
export function createSessionStorage({
  cookie,
  createData,
  readData,
  updateData,
  deleteData,
  isValidId = isSafeSessionId,
  idleTimeout,
  absoluteTimeout,
  touchInterval,
  userKey,
  keyPrefix = '',
  encrypt,
  ...unknown
} = {}) {
  refuseUnknownOptions(unknown, 'createSessionStorage');
  if (typeof keyPrefix !== 'string') throw new TypeError('createSessionStorage: keyPrefix must be a string');
  for (const [name, fn] of Object.entries({ createData, readData, updateData, deleteData, isValidId })) {
    if (typeof fn !== 'function') throw new TypeError(`createSessionStorage: ${name} must be a function`);
  }
  // Reserved IDs name the users' records: a cookie naming one (forged, or a
  // value the app signed for something else) never reads, writes or deletes it.
  // A lone UTF-16 surrogate cannot pass through the core (it holds IDs as UTF-8, as U+FFFD): such an ID would come
  // back changed, and its record be orphaned. Regression (Unicode review): "x\ud800" was read back as "x\ufffd".
  const isSessionId = (id) => typeof id === 'string' && id.isWellFormed() && !isReservedId(id) && isValidId(id) === true;
  const key = userKeyOf(userKey);
  const sessionCookie = cookieFromOption(cookie, encrypt);
  const backend = scopeOf(CALLBACK_STORAGES, sessionCookie.name);
  return createIdSessionStorage(sessionCookie, {
    // The callbacks cannot say which database they reach, and a factory may make new ones for each storage over one
    // (React Router's createDatabaseSessionStorage): the storages of one cookie name are taken for one backend.
    // Those of two names are two apps' (an admin area's, a shop's), each with its own table, whose IDs may be the
    // same row numbers. Regression (review): all callback storages were one backend, and the admin's logout of its
    // session "1" refused the write of the shop's session "1", whose customer was signed out.
    backend,
    // The revocation marks of this database (which its readData reads) under the users' keyPrefix: two apps over one
    // table, each with its own, learn only of their own users' revocations.
    revocationsIn: () => scopeOf(readData, keyPrefix),
    createsIds: true, // createData makes a record's ID: updateData is given only IDs it made
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    isValidId: isSessionId,
    create: (record, expires) => createData(JSON.parse(record), endAsDate(expires)),
    read: async (id) => recordText(await readData(id)),
    exists: async (id) => (await readData(id)) != null,
    // What updateData resolves to is the app's (an upsert may answer whether it created the record): never the
    // stores' `false` for "nothing written", which ends the session. Regression (s48 types pass): an upsert
    // answering false signed the user out at each change.
    update: async (id, record, expires) => {
      await updateData(id, JSON.parse(record), endAsDate(expires));
    },
    delete: (id) => deleteData(id),
    userKey: key,
    users: key === undefined ? undefined : createCallbackUserStore({ readData, updateData, deleteData, isSessionId, backend, keyPrefix }),
  });
}
