// createSessionStorage: any backend, with React Router's callback signatures.
// Callbacks see the data as React Router does (a plain object, flash under
// `__flash_<key>__`), so existing backends keep working.
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';

/**
 * @param {object} strategy
 * @param {import('./cookie.js').Cookie | object} [strategy.cookie]
 * @param {(data: object, expires?: Date) => Promise<string>} strategy.createData returns the new ID
 * @param {(id: string) => Promise<object | null>} strategy.readData
 * @param {(id: string, data: object, expires?: Date) => Promise<void>} strategy.updateData
 * @param {(id: string) => Promise<void>} strategy.deleteData
 * @example
 * const storage = createSessionStorage({
 *   cookie: { name: '__session', secrets: ['s3cr3t'] },
 *   async createData(data, expires) { const id = crypto.randomUUID(); await db.put(id, data, expires); return id; },
 *   readData: (id) => db.get(id),
 *   updateData: (id, data, expires) => db.put(id, data, expires),
 *   deleteData: (id) => db.delete(id),
 * });
 */
export function createSessionStorage({ cookie, createData, readData, updateData, deleteData }) {
  for (const [name, fn] of Object.entries({ createData, readData, updateData, deleteData })) {
    if (typeof fn !== 'function') throw new TypeError(`createSessionStorage: ${name} must be a function`);
  }
  return createIdSessionStorage(cookieFromOption(cookie), {
    create: (record, expires) => createData(JSON.parse(record), expires),
    async read(id) {
      const data = await readData(id);
      return data == null ? null : JSON.stringify(data);
    },
    update: (id, record, expires) => updateData(id, JSON.parse(record), expires),
    delete: (id) => deleteData(id),
  });
}
