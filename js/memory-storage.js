// Sessions in a Map of this isolate: for tests and single-process servers.
// Workers isolates are many and short-lived, so production Workers want the
// cookie, KV or Durable Object storage instead.
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { lifetimeOf } from './lifetime.js';
import { randomSessionId } from './internal.js';
import { emptyUserIndex, listIndex, registerInIndex, revokeInIndex, unregisterFromIndex } from './user-index.js';
import { userKeyOf } from './user-sessions.js';

/**
 * @param {{ cookie?: import('./cookie.js').Cookie | object, userKey?: string }} [options]
 *   `userKey` names the session key holding the user's ID: the storage then
 *   lists and revokes a user's sessions (listUserSessions, revokeUserSessions).
 * @example
 * const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId' });
 */
export function createMemorySessionStorage({ cookie, idleTimeout, absoluteTimeout, touchInterval, userKey } = {}) {
  const records = new Map(); // id -> { record, expiresAt (ms) | undefined }
  const indexes = new Map(); // userId -> user index (js/user-index.js); synchronous, so no lock

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
    userKey: userKeyOf(userKey),
    users: {
      async register(userId, id, commit) {
        const index = indexes.get(userId) ?? emptyUserIndex();
        const { ok, evicted } = registerInIndex(index, id, commit);
        indexes.set(userId, index);
        for (const old of evicted) records.delete(old);
        return ok;
      },
      async unregister(userId, id) {
        const index = indexes.get(userId);
        if (index) unregisterFromIndex(index, id);
      },
      list: async (userId) => listIndex(indexes.get(userId) ?? emptyUserIndex(), Date.now()),
      async revoke(userId, exceptId, at) {
        const index = indexes.get(userId) ?? emptyUserIndex();
        const revoked = revokeInIndex(index, exceptId, at);
        indexes.set(userId, index);
        for (const id of revoked) records.delete(id);
        return revoked.length;
      },
    },
  });
}
