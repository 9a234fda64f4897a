// A user's sessions (issue 14) kept through createSessionStorage's own
// callbacks: the user's index (js/user-index.js) and their revocation mark are
// two records of the user's backend, under reserved IDs that createData never
// makes and a cookie can never name.
//
//   es:<keyPrefix>user:<sha256(userId)>     { sessions: { [id]: { createdAt, lastSeenAt, expiresAt, signedIn, replacedBy? } } }
//   es:<keyPrefix>revoked:<sha256(userId)>  { at, exceptId? }
//   es:<keyPrefix>revoked:<sha256(userId)>:left  { id, twice? }: the ID the session the mark excepts has left (no exception; left twice: none signed in at the mark's time)
//
// (keyPrefix '' by default: two apps over one table, each with its own, keep users of their own.)
//
// The callbacks give no lock, so the index is read, changed and written back
// with nothing to stop two isolates doing it at once: one may lose the
// other's change (an isolate's own changes of an index go one at a time,
// inIndexLine). So, as with KV, the index only lists, and the mark decides:
// a revocation writes it first (a record of its own, which no commit writes),
// and every session read with a user is checked against it (cached 5 s per
// isolate by id-storage). A session a race put back in the index, or wrote
// back after its revocation, reads as a fresh one and is not listed.
import { emptyUserIndex, endLater, listIndex, numberOr, registerInIndex, revokeInIndex, settleEnded, unregisterFromIndex } from './user-index.js';
import { hungLineSweep, waitAtMost } from './bounded-wait.js';
import { deleteNoted } from './recent-deletes.js';
import { exceptionEnd, exceptionEnded, isRevoked, revocationMark, revocationOf, userDigest } from './user-sessions.js';

/** The ID prefix of the records this file writes. */
const RESERVED_PREFIX = 'es:';
const RESERVED = /^es:/i;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/**
 * True for an ID naming (or a database may take as naming) a record of this
 * file. Databases often compare IDs case-, accent- and width-insensitively,
 * ignoring format characters (MySQL's default utf8mb4_0900_ai_ci does), so
 * "ES:USER:…" or a zero-width space in front may find "es:user:…": the ID is
 * folded that way before its prefix is checked.
 * @example
 * isReservedId('es:user:3f…'); // true: never read as a session, whatever isValidId says
 */
export function isReservedId(id) {
  if (PRINTABLE_ASCII.test(id)) return RESERVED.test(id); // every ID createData usually makes: nothing to fold
  const folded = id.normalize('NFKD').replace(/[\p{M}\p{Cf}\p{Cc}\s]/gu, '').toLowerCase();
  return folded.startsWith(RESERVED_PREFIX);
}

/**
 * Index ID -> the tail of its line, for every storage of the isolate: storages made per request (callbacks closing
 * over `env`) are one backend's as much as one storage is. A user's index in two backends shares a line too, which
 * costs only waiting.
 */
const indexLines = new Map();

/**
 * How long a change of an index waits for the one before it. A callback that never settles (a hung connection), or
 * a backend hook revoking from inside a commit's write of the index, must not hold the user's later changes, a
 * revocation among them, for good: past this, they go on as another isolate's would (the mark still decides).
 */
export const INDEX_LINE_WAIT_MS = 5000;

/**
 * Runs `change` (a read, change and write back of the index `key`) after the changes of that index this isolate
 * began before it (at most INDEX_LINE_WAIT_MS after the one before it began to wait). Regression (audit): two
 * sign-ins of one user at once each wrote back the index as they read it, and one was left unlisted, uncounted by
 * revokeUserSessions (19 of 20 trials; 40 at once listed 1), over a backend as consistent as a Map.
 */
async function inIndexLine(key, change) {
  const before = indexLines.get(key);
  if (before === undefined) forgetHungIndexLines(indexLines);
  let release;
  const mine = { tail: new Promise((resolve) => (release = resolve)), joinedAt: Date.now() };
  indexLines.set(key, mine);
  try {
    if (before !== undefined) await waitAtMost(before.tail, INDEX_LINE_WAIT_MS);
    return await change();
  } finally {
    release();
    if (indexLines.get(key) === mine) indexLines.delete(key);
  }
}

/** @internal How many index lines this isolate holds (tests). */
export const indexLinesHeld = () => indexLines.size;

/**
 * Lines of changes whose callback never settles are dropped once a minute old. Regression (audit of cancelled
 * requests, as for KV's lines in kv-keys.js): each kept its line for the isolate's life.
 */
const forgetHungIndexLines = hungLineSweep();

/**
 * The index in `data` as js/user-index.js expects it. A prototype-less map of
 * sessions, so an ID such as "constructor" or "__proto__" is one more key.
 * revokedAt stays 0: the mark, not the index, holds revocations.
 */
function indexFrom(data, isSessionId) {
  const index = emptyUserIndex();
  index.sessions = Object.create(null);
  const sessions = data !== null && typeof data === 'object' ? data.sessions : undefined;
  if (sessions === null || typeof sessions !== 'object') return index;
  for (const [id, entry] of Object.entries(sessions)) {
    if (!isSessionId(id) || entry === null || typeof entry !== 'object') continue;
    const createdAt = numberOr(entry.createdAt, 0);
    index.sessions[id] = {
      createdAt,
      lastSeenAt: numberOr(entry.lastSeenAt, createdAt),
      expiresAt: numberOr(entry.expiresAt, null),
      signedIn: numberOr(entry.signedIn, createdAt),
    };
    if (typeof entry.replacedBy === 'string' && isSessionId(entry.replacedBy)) index.sessions[id].replacedBy = entry.replacedBy;
  }
  // The sessions an eviction took off whose records could not be deleted yet (user-index.js `pending`): ended again
  // at the user's next sign-in, until settled.
  const pending = Array.isArray(data.pending) ? data.pending.filter((id) => isSessionId(id)) : [];
  if (pending.length > 0) {
    index.pending = pending;
    const until = data.pendingUntil !== null && typeof data.pendingUntil === 'object' ? data.pendingUntil : {};
    index.pendingUntil = Object.fromEntries(pending.map((id) => [id, numberOr(until[id], null)]));
  }
  return index;
}

/**
 * Drops the entries `revocation` voids (a race listed them again), but `keptId`; their IDs.
 * Checked against the session's own sign-in, not createdAt: a session kept by
 * a revocation is signed in anew, and keeps that through regenerateId.
 */
function dropRevoked(index, revocation, keptId) {
  const dropped = [];
  for (const [id, entry] of Object.entries(index.sessions)) {
    if (id === keptId || !isRevoked(revocation, entry.signedIn, id)) continue;
    delete index.sessions[id];
    dropped.push(id);
  }
  return dropped;
}

/**
 * The UserStore of createSessionStorage (js/id-storage.js), written through
 * the user's callbacks. `updateData` must create a record that does not
 * exist yet (an upsert), as React Router's own storages' do.
 * @param {object} callbacks
 * @param {(id: string) => Promise<object | null>} callbacks.readData
 * @param {(id: string, data: object, expires?: Date) => Promise<void>} callbacks.updateData
 * @param {(id: string) => Promise<void>} callbacks.deleteData
 * @param {(id: string) => boolean} callbacks.isSessionId the storage's check of session IDs (reserved ones refused)
 * @param {object} callbacks.backend what its deletes are noted under (recent-deletes.js): the storage's backend
 * @param {string} [callbacks.keyPrefix] names the users' records after `es:` (default ''): two apps over one table,
 *   each with its own, keep users of their own
 * @returns {import('./id-storage.js').UserStore}
 * @example
 * createIdSessionStorage(cookie, { ...records, userKey: 'userId', users: createCallbackUserStore({ readData, updateData, deleteData, isSessionId }) });
 */
export function createCallbackUserStore({ readData, updateData, deleteData, isSessionId, backend, keyPrefix = '' }) {
  async function recordsOf(userId) {
    const digest = await userDigest(userId);
    // Under `es:` whatever the prefix: reserved, never a session's ID. Regression (multi-storage pass): two apps over
    // one table shared their users' records, and the admin's "sign out everywhere" of its user "1" ended the shop's
    // customer "1", whose session its listing named.
    const mark = `${RESERVED_PREFIX}${keyPrefix}revoked:${digest}`;
    // `left`: the ID the session a revocation kept has left (endException), in a record of its own, never the mark's.
    return { index: `${RESERVED_PREFIX}${keyPrefix}user:${digest}`, mark, left: `${mark}:left` };
  }

  const loadIndex = async (ids) => indexFrom(await readData(ids.index), isSessionId);
  /** The user's last revocation; its exception gone once the kept session left that ID (endException). */
  async function loadMark(ids) {
    const mark = revocationOf(await readData(ids.mark));
    if (mark.exceptId === undefined) return mark;
    const left = await readData(ids.left);
    if (left?.id !== mark.exceptId) return mark;
    return exceptionEnded(mark, mark.exceptId, left.twice === true);
  }

  /**
   * Writes the index, or deletes it once empty. It expires with its last
   * session. The data is a fresh plain object: a backend keeping the object
   * itself (a Map) never sees it change afterwards.
   */
  async function saveIndex(ids, index) {
    const entries = Object.values(index.sessions);
    const pending = index.pending ?? [];
    if (entries.length === 0 && pending.length === 0) return deleteData(ids.index);
    // Kept while a pending session may live: until its own end, or for good when it has none.
    const ends = [...entries.map((entry) => entry.expiresAt), ...pending.map((id) => index.pendingUntil?.[id] ?? null)];
    const expiresAt = ends.some((end) => end === null) ? null : Math.max(...ends);
    const kept = pending.length === 0 ? { sessions: index.sessions } : { sessions: index.sessions, pending, pendingUntil: index.pendingUntil };
    const data = JSON.parse(JSON.stringify(kept));
    return updateData(ids.index, data, expiresAt === null ? undefined : new Date(expiresAt));
  }

  /**
   * Ends sessions the index named (checked again: the index is the backend's data), each delete noted
   * (recent-deletes.js): a request of this isolate that read one before writes it no more. Regression (review): an
   * evicted device's request in flight wrote it back, and its sign-in evicted another device.
   */
  const endSessions = (ids) => Promise.all(ids.filter(isSessionId).map((id) => deleteNoted(backend, id, undefined, () => deleteData(id))));

  /**
   * Ends `ended` (IDs the index took off, `pending` there until this), then settles them in the index. Should that
   * fail they stay pending, ended again by the user's next sign-in or revocation. Regression (errors-swallowed
   * pass): the index record kept only `sessions`, so an eviction whose delete failed was forgotten, and the evicted
   * session lived on past MAX_USER_SESSIONS.
   */
  async function endPending(ids, ended) {
    if (ended.length === 0) return;
    await endSessions(ended);
    await inIndexLine(ids.index, async () => {
      const index = await loadIndex(ids);
      if (!index.pending?.some((id) => ended.includes(id))) return;
      settleEnded(index, ended);
      await saveIndex(ids, index);
    });
  }

  return {
    async register(userId, id, commit) {
      const ids = await recordsOf(userId);
      const { evicted, added } = await inIndexLine(ids.index, async () => {
        const index = await loadIndex(ids);
        // Always listed: id-storage has checked the session against the mark
        // already, and a live session missing here lost its entry to a
        // concurrent write of the index (not to a revocation), so it lists
        // itself again rather than being signed out.
        const registered = registerInIndex(index, id, { ...commit, signingIn: true });
        index.sessions[id].signedIn = commit.signedIn;
        await saveIndex(ids, index);
        return registered;
      });
      await endPending(ids, evicted).catch(endLater); // the sign-in stands; an eviction that failed is tried again
      // Whether this call listed it (a failed commit undoes only that): this index keeps no listing numbers, so
      // its undo is unconditional. Regression (review): a failed sign-in unlisted the session another tab had just
      // signed in.
      return { added: added ? {} : undefined };
    },

    async unregister(userId, id) {
      const ids = await recordsOf(userId);
      await inIndexLine(ids.index, async () => {
        const index = await loadIndex(ids);
        if (!(id in index.sessions)) return;
        unregisterFromIndex(index, id);
        await saveIndex(ids, index);
      });
    },

    async list(userId) {
      const ids = await recordsOf(userId);
      const [index, revocation] = await Promise.all([loadIndex(ids), loadMark(ids)]);
      dropRevoked(index, revocation);
      return listIndex(index, Date.now());
    },

    async revoke(userId, exceptId, at) {
      const ids = await recordsOf(userId);
      const { stale, ended, count } = await inIndexLine(ids.index, async () => {
        const [index, before] = await Promise.all([loadIndex(ids), loadMark(ids)]);
        // The mark first: from now on, reads of the user's older sessions find
        // them ended, whatever becomes of the index write below. Never lowered (revocationMark).
        await updateData(ids.mark, revocationMark(at, exceptId, before), undefined);
        // Entries an earlier revocation ended were ended then: not counted again,
        // but their records (a racing commit may have written one back) go too; never the one this revocation keeps,
        // which the mark written above excepts (as KV's revoke ends every session but exceptId). Regression (s45
        // mutation pass): under a later mark another server had written (its clock ahead), which voided that
        // device, "sign out of my other devices" deleted the very device it kept.
        const dropped = dropRevoked(index, before, exceptId);
        const revoked = revokeInIndex(index, exceptId, at, Date.now());
        await saveIndex(ids, index);
        return { stale: dropped, ...revoked };
      });
      await Promise.all([endSessions(stale), endPending(ids, ended)]);
      return count;
    },

    revocationOf: async (userId) => loadMark(await recordsOf(userId)),

    /**
     * The mark's exception ends when the kept session leaves `leftId` (its new ID was signed in at the mark's
     * time: it needs none); undefined when the mark excepts another. Written to a record of its own, never to the
     * mark: another isolate's revocation between this read of the mark and a write of it would be replaced by an
     * earlier one, and the sessions it ended brought back to life.
     * Left again by a session signed in at the mark's time (a copy of the kept cookie moved too): left twice, and
     * every session signed in then is void (exceptionEnd).
     */
    async endException(userId, leftId, known, signedIn) {
      const ids = await recordsOf(userId);
      const ended = exceptionEnd(await loadMark(ids), known, leftId, signedIn);
      if (ended !== undefined) await updateData(ids.left, ended.movedTwice ? { id: leftId, twice: true } : { id: leftId }, undefined);
      return ended;
    },
  };
}
