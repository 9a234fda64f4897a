// createSessionStorage: any backend, with React Router's callback signatures.
// Callbacks see the data as React Router does (a plain object, flash under
// `__flash_<key>__`), so existing backends keep working.
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { lifetimeOf } from './lifetime.js';

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * createSessionStorage's default ID check: 1-128 characters of A-Z a-z 0-9 _ -.
 * @example
 * createSessionStorage({ ...callbacks, isValidId: (id) => isSafeSessionId(id) || id.startsWith('legacy.') });
 */
export function isSafeSessionId(id) {
  return typeof id === 'string' && SAFE_ID.test(id);
}

/**
 * @param {object} strategy
 * @param {import('./cookie.js').Cookie | object} [strategy.cookie]
 * @param {(data: object, expires?: Date) => Promise<string>} strategy.createData returns the new ID
 * @param {(id: string) => Promise<object | null>} strategy.readData
 * @param {(id: string, data: object, expires?: Date) => Promise<void>} strategy.updateData
 * @param {(id: string) => Promise<void>} strategy.deleteData
 * @param {(id: string) => boolean} [strategy.isValidId] the IDs createData makes.
 *   A cookie naming any other ID is treated as no session, and readData never
 *   sees it. Default: 1-128 characters of A-Z a-z 0-9 _ - (UUIDs, hex, base64url
 *   and integer IDs pass; quotes, dots, slashes and spaces do not).
 * @example
 * const storage = createSessionStorage({
 *   cookie: { name: '__session', secrets: ['s3cr3t'] },
 *   async createData(data, expires) { const id = crypto.randomUUID(); await db.put(id, data, expires); return id; },
 *   readData: (id) => db.get(id),
 *   updateData: (id, data, expires) => db.put(id, data, expires),
 *   deleteData: (id) => db.delete(id),
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
}) {
  for (const [name, fn] of Object.entries({ createData, readData, updateData, deleteData, isValidId })) {
    if (typeof fn !== 'function') throw new TypeError(`createSessionStorage: ${name} must be a function`);
  }
  return createIdSessionStorage(cookieFromOption(cookie), {
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    isValidId: (id) => typeof id === 'string' && isValidId(id) === true,
    create: (record, expires) => createData(JSON.parse(record), expires),
    async read(id) {
      const data = await readData(id);
      return data == null ? null : JSON.stringify(data);
    },
    update: (id, record, expires) => updateData(id, JSON.parse(record), expires),
    delete: (id) => deleteData(id),
  });
}
