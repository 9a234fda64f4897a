// Sessions in a Map of this isolate: for tests and single-process servers.
// Workers isolates are many and short-lived, so production Workers want the
// cookie, KV or Durable Object storage instead.
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { keptUntil, LATE_COMMIT_GRACE_MS, lifetimeOf } from './lifetime.js';
import { refuseUnknownOptions } from './storage-options.js';
import { emptyUserIndex, indexedUserStore, sweepIndex } from './user-index.js';
import { userKeyOf } from './user-sessions.js';

/** `() => [key, value]` of `map`'s entries one after another, round and round; undefined while it is empty. */
function cycling(map) {
  let entries = map.entries(); // a Map iterator is live: it sees entries added and skips those deleted since
  return () => {
    let next = entries.next();
    if (next.done) {
      entries = map.entries();
      next = entries.next();
    }
    return next.done ? undefined : next.value;
  };
}

/**
 * @param {{ cookie?: import('./cookie.js').Cookie | object, userKey?: string }} [options]
 *   `userKey` names the session key holding the user's ID: the storage then
 *   lists and revokes a user's sessions (listUserSessions, revokeUserSessions).
 * @example
 * const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId' });
 */
export function createMemorySessionStorage({ cookie, encrypt, idleTimeout, absoluteTimeout, touchInterval, userKey, ...unknown } = {}) {
  refuseUnknownOptions(unknown, 'createMemorySessionStorage');
  // Expired records nobody reads again (a visitor who never came back) are dropped as others are written, and so
  // are users' indexes left with nothing: each write looks at the next two records and two indexes in turn (more
  // than it can add: a sign-in adds one of each), so memory follows the live sessions. A record goes a minute after
  // it expired: a request that read it just before still renews it (replace), as on the other storages.
  // Regressions (review): expired records were dropped only when read, and stayed for good; then an index stayed
  // for every user ever seen (and, swept one per write, for every user who signed in once and wrote nothing more);
  // and a sweep at the expiry turned such a request into a logout.
  const records = new Map(); // id -> { record, expiresAt (ms) | undefined }
  const indexes = new Map(); // userId -> user index (js/user-index.js); synchronous, so no lock
  const nextRecord = cycling(records);
  const nextIndex = cycling(indexes);

  function read(id) {
    const entry = records.get(id);
    if (!entry) return null;
    // An expired record is never served; the sweep drops it (a request that read it before may still renew it).
    return entry.expiresAt !== undefined && entry.expiresAt <= Date.now() ? null : entry.record;
  }
  function write(id, record, expires) {
    records.set(id, { record, expiresAt: keptUntil(expires) ?? undefined });
    sweep();
  }

  function sweep() {
    const now = Date.now();
    for (let looked = 0; looked < 2; looked++) {
      const [id, entry] = nextRecord() ?? [];
      if (entry?.expiresAt !== undefined && entry.expiresAt + LATE_COMMIT_GRACE_MS <= now) records.delete(id);
    }
    for (let looked = 0; looked < 2; looked++) {
      const [userId, index] = nextIndex() ?? [];
      if (index !== undefined && sweepIndex(index, now)) indexes.delete(userId);
    }
  }

  return createIdSessionStorage(cookieFromOption(cookie, encrypt), {
    backend: records,
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    async create(record, expires, newId) {
      let id;
      do id = newId();
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
