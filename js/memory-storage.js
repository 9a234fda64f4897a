// Sessions in a Map of this isolate: for tests and single-process servers.
// Workers isolates are many and short-lived, so production Workers want the
// cookie, KV or Durable Object storage instead.
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { lifetimeOf } from './lifetime.js';
import { randomSessionId } from './internal.js';

/**
 * @param {{ cookie?: import('./cookie.js').Cookie | object }} [options]
 * @example
 * const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
 */
export function createMemorySessionStorage({ cookie, idleTimeout, absoluteTimeout, touchInterval } = {}) {
  const records = new Map(); // id -> { record, expiresAt (ms) | undefined }

  function read(id) {
    const entry = records.get(id);
    if (!entry) return null;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      records.delete(id); // an expired record is never served
      return null;
    }
    return entry.record;
  }
  function write(id, record, expires) {
    records.set(id, { record, expiresAt: expires?.getTime() });
  }

  return createIdSessionStorage(cookieFromOption(cookie), {
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    async create(record, expires) {
      let id;
      do id = randomSessionId();
      while (records.has(id));
      write(id, record, expires);
      return id;
    },
    read: async (id) => read(id),
    update: async (id, record, expires) => write(id, record, expires),
    delete: async (id) => void records.delete(id),
  });
}
