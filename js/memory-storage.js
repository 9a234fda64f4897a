// Sessions in a Map of this isolate: for tests and single-process servers.
// Workers isolates are many and short-lived, so production Workers want the
// cookie, KV or Durable Object storage instead.
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { keptUntil, lifetimeOf } from './lifetime.js';
import { randomSessionId } from './internal.js';
import { refuseUnknownOptions } from './storage-options.js';
import { emptyUserIndex, indexedUserStore } from './user-index.js';
import { userKeyOf } from './user-sessions.js';

/**
 * @param {{ cookie?: import('./cookie.js').Cookie | object, userKey?: string }} [options]
 *   `userKey` names the session key holding the user's ID: the storage then
 *   lists and revokes a user's sessions (listUserSessions, revokeUserSessions).
 * @example
 * const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId' });
 */
export function createMemorySessionStorage({ cookie, encrypt, idleTimeout, absoluteTimeout, touchInterval, userKey, ...unknown } = {}) {
  refuseUnknownOptions(unknown, 'createMemorySessionStorage');
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
    records.set(id, { record, expiresAt: keptUntil(expires) ?? undefined });
    sweep();
  }

  // Expired records nobody reads again (a visitor who never came back) are dropped as others are written: each
  // write looks at the next two records in turn, so memory follows the live sessions. Regression (review): they
  // were dropped only when read, and stayed for good.
  let unswept = records.entries(); // a Map iterator is live: it sees records added and skips those deleted since
  function sweep() {
    const now = Date.now();
    for (let looked = 0; looked < 2; looked++) {
      let next = unswept.next();
      if (next.done) {
        unswept = records.entries();
        next = unswept.next();
        if (next.done) return;
      }
      const [id, entry] = next.value;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) records.delete(id);
    }
  }

  return createIdSessionStorage(cookieFromOption(cookie, encrypt), {
    backend: records,
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
    async replace(id, record, expires, source) {
      // Deleted (a logout) since this request read it; one that expired meanwhile is still there, and renewed.
      if (!records.has(source)) return false;
      write(id, record, expires);
      return true;
    },
    delete: async (id) => void records.delete(id),
    userKey: userKeyOf(userKey),
    users: indexedUserStore(
      async (userId, change) => {
        const index = indexes.get(userId) ?? emptyUserIndex();
        const result = change(index);
        // An index is kept while it holds something: listing an unknown user adds nothing to the Map, and one whose
        // sessions all left goes (a revocation mark stays: a commit racing it is checked against it).
        if (index.revokedAt !== 0 || Object.keys(index.sessions).length > 0) indexes.set(userId, index);
        else indexes.delete(userId);
        return result;
      },
      async (ids) => ids.forEach((id) => records.delete(id)),
    ),
  });
}
