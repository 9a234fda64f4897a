// A user's sessions, as the memory, file and Durable Object storages keep
// them (issue 14): pure functions over one plain object per user, which each
// store loads, changes and saves under its own lock (a Map, a file, one
// Durable Object per user). The index is the authority on which sessions of
// the user may still be written: a revocation empties it, and a commit of a
// session it no longer lists is refused, so a commit racing a revocation is
// either listed (and revoked) or refused.
//
//   index = { revokedAt: ms, exceptId, listings, revocations?: [{ attempt, count }], sessions: { [id]: { createdAt, lastSeenAt, expiresAt, listing, replacedBy?, attempt? } }, pending? }
//
// `listing`: the number of the registration that last listed the entry (what a failed commit may undo); `attempt`:
// the token of the registration that added it, kept until its next one (a retry after a reset knows its own entry).
//
// `pending`: the IDs a revocation or an eviction took off the index whose sessions the store has not yet been seen
// to end (a Durable Object's revoke() that failed): every later revocation and sign-in of the user ends them again,
// until settleEnded says they are, or a sign-in made after it lists one again.
//
// A session given a new ID (regenerateId) is listed under both until its commit deletes the old one: the old
// entry then names the new one (replacedBy), so the pair is listed and counted once.

import { isIssuedSessionId, isRecord } from './internal.js';
import { LATE_COMMIT_GRACE_MS } from './lifetime.js';

/**
 * The revocations whose tokens an index keeps (revokeInIndex's `attempt`): a retry is known as its first try's even
 * when others landed between the two.
 */
const KEPT_REVOCATION_ATTEMPTS = 16;

/** Sessions one user may hold at once; the least recently seen is ended beyond it (an index never grows without bound). */
export const MAX_USER_SESSIONS = 100;

/**
 * `value` if it is a finite number, else `fallback`: a time read back from a stored index (a callback store's data,
 * KV's key metadata) is data a backend, a hand edit or another writer gave, so it is checked.
 */
export const numberOr = (value, fallback) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** An empty index. */
export function emptyUserIndex() {
  return { revokedAt: 0, sessions: {} };
}

/**
 * An index entry's times as numbers: one that is no finite number is none (0, seen least recently; an expiry: none),
 * as createSessionStorage's index and Workers KV's index keys read them. Regression (s52 hostile-input pass): a file's
 * `"createdAt": "x"` was listed as it was, the listing's sort compared NaN, and an expiry of text was never pruned.
 */
function timesOfStored(entry) {
  entry.createdAt = numberOr(entry.createdAt, 0);
  entry.lastSeenAt = numberOr(entry.lastSeenAt, 0);
  entry.expiresAt = numberOr(entry.expiresAt, null);
}

/**
 * A user's index as a store reads it back (a file, a Durable Object's storage), which another version, another app
 * or a hand edit may have written: a value without a `sessions` object is an empty index, and in one an entry that is
 * no object, a revocation time that is no number, or pending IDs that are no list (or no strings), are none. Regression (s49, the
 * Durable Object storage; s46 for the file storage's `sessions`): each such index failed the user's every sign-in,
 * listing and revocation, and a revocation over a `revokedAt` of text recorded NaN, no mark at all.
 */
export function indexOfStored(value) {
  // `sessions` and each entry are objects that are no arrays. Regression (s52 hostile-input pass): a file's
  // `"sessions": []` was taken for the sessions' object, a sign-in set on it as a named property that JSON.stringify
  // drops, so no later sign-in of the user was listed, nor ended by a revocation; an entry `[]` was listed as a
  // session without times.
  if (value === null || typeof value !== 'object' || !isRecord(value.sessions)) return emptyUserIndex();
  for (const [id, entry] of Object.entries(value.sessions)) {
    if (!isRecord(entry)) delete value.sessions[id];
    else timesOfStored(entry);
  }
  value.revokedAt = numberOr(value.revokedAt, 0);
  // Pending IDs are strings. Regression (s52 hostile-input pass): a number, null, an object or a list there was never
  // settled (no ID to end, and settleEnded compares by identity), so the index was never erased.
  if (value.pending !== undefined) {
    const pending = Array.isArray(value.pending) ? value.pending.filter((id) => typeof id === 'string') : [];
    if (pending.length > 0) value.pending = pending;
    else {
      delete value.pending;
      delete value.pendingUntil;
    }
  }
  // The count of listings is a whole number, else the highest its entries hold. Regression (s52 scenario pass over the
  // file storage): text (`"7"`, or an object or a list) was added to as text, one character more per commit of the
  // user's sessions copied into each entry, until the index passed 1 MiB and read as empty (no session revocable).
  if (value.listings !== undefined && !(Number.isSafeInteger(value.listings) && value.listings >= 0)) {
    value.listings = Object.values(value.sessions).reduce((most, { listing }) => (Number.isSafeInteger(listing) ? Math.max(most, listing) : most), 0);
  }
  // A Durable Object's revocations looked up by a retry (revokeInIndex): a list of objects, else none. Regression (s52
  // hostile-input pass): a number, or a null in the list, failed the user's every revocation with a TypeError.
  if (value.revocations !== undefined) {
    if (Array.isArray(value.revocations)) value.revocations = value.revocations.filter(isRecord);
    else delete value.revocations;
  }
  return value;
}

/**
 * Drops the sessions whose record expired over LATE_COMMIT_GRACE_MS ago. Until then an expired entry stays, not
 * listed nor counted (isLive), for a request that read the session alive just before its expiry: its commit renews
 * it (registerInIndex), and a revocation meanwhile still ends it. Regressions (review): with userKey, such a request
 * was answered with a logout, where without userKey it renewed it; then again whenever anything else (a listing,
 * another device's commit, the memory storage's sweep) pruned the index first.
 */
function prune(index, now) {
  for (const [id, entry] of Object.entries(index.sessions)) {
    if (entry.expiresAt != null && entry.expiresAt + LATE_COMMIT_GRACE_MS <= now) delete index.sessions[id];
  }
}

/** True while an entry's session has not expired. */
const isLive = (entry, now) => entry.expiresAt == null || entry.expiresAt > now;

/**
 * Past this many, the oldest pending IDs are forgotten: only if a store's ends of a user's sessions failed a
 * thousand times over, and never one that may still be alive otherwise (see stillToEnd).
 */
const MAX_PENDING = 1000;

/**
 * Lists `id` (again) for a commit at `now`. A session not listed may join
 * only as a sign-in made after the last revocation: anything else was revoked
 * (or evicted) and must not be written. Beyond MAX_USER_SESSIONS the least
 * recently seen sessions leave; their IDs come back in `evicted`, for the
 * store to end them.
 * @param {{ revokedAt: number, sessions: object }} index changed in place
 * @param {string} id
 * A session given a new ID (regenerateId) stays listed under it: it takes
 * the place of `previousId`, which stays listed too while its record lives
 * (`replacesPrevious`: the commit deletes it, and until then the pair is one session).
 * @param {{ signedIn: number, signingIn: boolean, expiresAt: number | null, now: number, previousId?: string, replacesPrevious?: boolean }} commit
 * @returns {{ ok: boolean, evicted: string[] }}
 */
export function registerInIndex(index, id, { signedIn, signingIn, expiresAt, now, previousId, replacesPrevious = false, attempt }) {
  prune(index, now);
  const entry = index.sessions[id] ?? (previousId ? index.sessions[previousId] : undefined);
  if (!entry && (!signingIn || signedIn < index.revokedAt)) return { ok: false, evicted: stillToEnd(index, {}, now) };
  // Listed again, it is no longer to be ended: an ID a revocation or eviction left pending is listed only by a sign-in
  // made after it (the session's own late commit is refused above, and a Durable Object's mark refuses its write).
  // Regression (review): it stayed pending, and the user's next sign-in elsewhere ended the device signed in anew.
  if (index.pending?.includes(id)) settleEnded(index, [id]);
  const createdAt = entry?.createdAt ?? signedIn;
  // A sign-in stamp may run a few ms ahead of the clock (nextStamp orders stamps made in one millisecond).
  const lastSeenAt = Math.max(now, createdAt);
  // `attempt`: the call's own token (a Durable Object storage's registration, made once more through a new stub after
  // a reset): an entry this very call listed before the reset lost its answer counts as added by it. Regression
  // (adversarial pass on onUserObject): the retry found it listed, the commit no longer knew it had listed it, and
  // one that then failed left it listed, a regenerateId(true)'s new ID hiding the device's own session.
  const added = !Object.hasOwn(index.sessions, id) || (attempt !== undefined && index.sessions[id].attempt === attempt);
  // Each listing numbered: what a commit that fails may undo is its own listing, told from a later commit's by
  // this number (times repeat within a millisecond, and a sign-in stamp may run ahead of the clock). Regression
  // (review): compared by lastSeenAt, a failed commit's undo took off the listing another commit had just made.
  index.listings = (index.listings ?? 0) + 1;
  index.sessions[id] = { createdAt, lastSeenAt, expiresAt: expiresAt ?? null, listing: index.listings, ...(added && attempt !== undefined ? { attempt } : {}) };
  // Only an ID this commit deletes is replaced (regenerateId(true)); regenerateId() keeps the old record alive.
  if (replacesPrevious && index.sessions[previousId]) index.sessions[previousId].replacedBy = id;
  // `added`: this commit listed `id` (it was not), as its listing number: what a commit that fails undoes.
  return { ok: true, evicted: stillToEnd(index, evictBeyondLimit(index, [id, previousId], now), now), added: added ? { listing: index.listings } : undefined };
}

/**
 * `ids` (just taken off the index) and those pending from before: all still to be ended, kept pending until the
 * store says they are (settleEnded). Regression (review): a Durable Object's revoke() that failed left its session
 * alive and off the index, where no later revocation reached it.
 */
function stillToEnd(index, expiries, now) {
  const until = { ...index.pendingUntil, ...expiries };
  // One whose session has expired (past the grace) needs no end. Regression (review): pending was cut to its newest
  // 200, and sessions still alive were forgotten.
  const all = [...new Set([...(index.pending ?? []), ...Object.keys(expiries)])].filter(
    (id) => until[id] == null || until[id] + LATE_COMMIT_GRACE_MS > now,
  );
  // Every one is ended now; only the last MAX_PENDING are kept to end again. Regression (s52 scenario pass over the
  // file storage): only those were ended, so of an index of 1,151 sessions (another version's, a hand edit) a
  // revocation counted 1,151 and left 151 signed in, listed nowhere.
  const kept = all.slice(-MAX_PENDING);
  if (kept.length > 0) {
    index.pending = kept;
    index.pendingUntil = Object.fromEntries(kept.map((id) => [id, until[id] ?? null]));
  } else {
    delete index.pending;
    delete index.pendingUntil;
  }
  return all;
}

/** Takes `ids` off the index: their sessions' expiries, { [id]: expiresAt | null }. */
function takeOff(index, ids) {
  const expiries = {};
  for (const id of ids) {
    expiries[id] = index.sessions[id]?.expiresAt ?? null;
    delete index.sessions[id];
  }
  return expiries;
}

/**
 * For a commit's listing whose evicted or pending sessions could not be ended: they stay pending, and the commit
 * stands. Regression (review): one session whose end kept failing failed every commit of its user.
 */
export function endLater(error) {
  console.error('edge-session: sessions a user\'s index took off could not be ended yet; the next revocation or sign-in of the user tries again:', error);
}

/**
 * Ends each of `ids` that is a session of ours (`end(id)`: a Durable Object's revoke(); other IDs, a cookie
 * storage's sign-ins, have nothing to end), then settles in `user`'s index (a SessionDurableObject) those that were
 * ended; rejects with the first failure, the others staying pending.
 */
export async function endAndSettle(user, ids, end) {
  if (ids.length === 0) return;
  const outcomes = await Promise.allSettled(ids.map((id) => (isIssuedSessionId(id) ? end(id) : undefined)));
  const ended = ids.filter((_, at) => outcomes[at].status === 'fulfilled');
  // Settling is bookkeeping: should it fail they stay pending, and ending them again is harmless. Regression
  // (adversarial pass on f1e8f46): a cookie storage's revocation, made, threw STORAGE_FAILED, and under withSession
  // the device it kept was signed out with the others.
  if (ended.length > 0) await user.userSettleEnded(ended).catch(endLater);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The store ended the sessions `ids` (their records deleted, their objects revoked): no longer pending. */
export function settleEnded(index, ids) {
  const left = (index.pending ?? []).filter((id) => !ids.includes(id));
  if (left.length > 0) {
    index.pending = left;
    index.pendingUntil = Object.fromEntries(left.map((id) => [id, index.pendingUntil?.[id] ?? null]));
  } else {
    delete index.pending;
    delete index.pendingUntil;
  }
}

/**
 * Ends the least recently seen sessions past MAX_USER_SESSIONS, never one of `keep` (the commit's own ID and the
 * one it is given in place of): a session whose ID is changing counts once, and goes with both its IDs.
 * Regression: a regenerateId(true) at the limit counted twice and signed out another device, or evicted its own
 * old ID, which the commit then found deleted.
 */
function evictBeyondLimit(index, keep, now) {
  const sessions = Object.keys(index.sessions).filter((id) => !superseded(index, index.sessions[id]) && isLive(index.sessions[id], now));
  const evicted = {}; // id -> its session's expiry
  for (const old of beyondLimit(sessions, (id) => index.sessions[id].lastSeenAt, keep)) {
    // The session's every ID: `old`, and those it replaced, however many times it changed.
    const ids = new Set([old]);
    for (let grown = true; grown; ) {
      grown = false;
      for (const [id, entry] of Object.entries(index.sessions)) {
        if (!ids.has(id) && ids.has(entry.replacedBy)) {
          ids.add(id);
          grown = true;
        }
      }
    }
    Object.assign(evicted, takeOff(index, ids));
  }
  return evicted;
}

/**
 * Of a user's `sessions` (one ID each), those to end so that MAX_USER_SESSIONS remain: the least recently seen
 * (`lastSeenAt(id)`), never one of `keep`. The one rule of every storage's index (KV's too).
 * @param {string[]} sessions
 * @param {(id: string) => number} lastSeenAt
 * @param {Iterable<string>} keep
 * @returns {string[]}
 */
export function beyondLimit(sessions, lastSeenAt, keep) {
  const excess = sessions.length - MAX_USER_SESSIONS;
  if (excess <= 0) return [];
  const kept = new Set(keep);
  return sessions
    .filter((id) => !kept.has(id))
    .sort((a, b) => lastSeenAt(a) - lastSeenAt(b))
    .slice(0, excess);
}

/**
 * True when the index holds nothing to keep: no session, none still to be ended, and no revocation mark. A mark is
 * kept for good, as the memory storage's index and the callback store's mark record are: it voids the sessions no
 * index lists (written before userKey, read as signed in when they began, or at the epoch when they have no times),
 * however late they come, and a sign-in stamped before it that commits after it.
 */
export function holdsNothing(index) {
  return index.revokedAt === 0 && Object.keys(index.sessions).length === 0 && index.pending === undefined;
}

/**
 * Drops the index's expired sessions, and those pending that need no end any more (a store sweeping its indexes):
 * true when it then holds nothing (holdsNothing).
 */
export function sweepIndex(index, now) {
  prune(index, now);
  if (index.pending !== undefined) stillToEnd(index, {}, now);
  return holdsNothing(index);
}

/**
 * When a sweep (sweepIndex) would leave the index's sessions and pending IDs all gone, in ms: the last of their
 * expiries past the grace. Null when one never expires, or there is nothing to wait for.
 */
export function indexSweptAt(index) {
  const ends = [...Object.values(index.sessions).map((entry) => entry.expiresAt), ...(index.pending ?? []).map((id) => index.pendingUntil?.[id] ?? null)];
  if (ends.length === 0 || ends.some((end) => end == null)) return null;
  return Math.max(...ends) + LATE_COMMIT_GRACE_MS;
}

/** The index's last revocation (js/user-sessions.js Revocation). */
export function lastRevocationIn(index) {
  return index.revokedAt > 0 ? { at: index.revokedAt, ...(index.exceptId ? { exceptId: index.exceptId } : {}) } : { at: 0 };
}

/**
 * Takes `id` off the index (a logout, or the session changed user). `listedAs` ({ listing }): only if its entry
 * is still the one a commit listed then, nobody's commit since (a failed commit undoing its own listing).
 */
export function unregisterFromIndex(index, id, listedAs) {
  if (listedAs !== undefined && index.sessions[id]?.listing !== listedAs.listing) return;
  delete index.sessions[id];
}

/** True when the entry's session now goes by another ID that is listed too (a regenerateId not yet committed). */
function superseded(index, entry) {
  return entry.replacedBy !== undefined && Object.hasOwn(index.sessions, entry.replacedBy);
}

/**
 * The user's live sessions, most recently seen first; a session whose ID is changing, once.
 * @returns {{ id: string, createdAt: number, lastSeenAt: number }[]}
 */
export function listIndex(index, now) {
  prune(index, now);
  return Object.entries(index.sessions)
    .filter(([, entry]) => !superseded(index, entry) && isLive(entry, now))
    .map(([id, { createdAt, lastSeenAt }]) => ({ id, createdAt, lastSeenAt }))
    .sort((a, b) => b.lastSeenAt - a.lastSeenAt);
}

/**
 * Revokes every session but `exceptId` at `at`: they leave the index (their
 * records are the store's to delete), and a sign-in made before `at` can no
 * longer join. Returns the revoked IDs (`ended`: an ID changing has both) and
 * how many sessions they are (`count`), `uncountedId` left out of the count though revoked (a cookie session's
 * sign-in that `except` keeps: signed in anew at `at`, by the caller), which the revocation's mark then names as
 * its `exceptId` (revocation.js keptSignInId).
 * Regression: a session regenerating its ID while the revocation ran was
 * counted twice, under its old ID and its new one.
 * @returns {{ ended: string[], count: number }}
 */
export function revokeInIndex(index, exceptId, at, now, uncountedId, attempt) {
  // `attempt`: the call's own token (a Durable Object's, made once more through a new stub after a reset): the same
  // call again, its answer lost, gets the same count, and the sessions it took off, still pending, to end. Regression
  // (senior review): it failed with a 500 though the revocation was made, and a plain retry counted none.
  // Any of the last few, not only the last: another revocation may land between the two tries (another device's
  // "sign out my other devices"), and the retry, taken for a new one, signed out what was signed in and kept since.
  // Regression (adversarial pass on the retry): it did, and answered the count of those.
  const made = attempt === undefined ? undefined : index.revocations?.find((revocation) => revocation.attempt === attempt);
  if (made) return { ended: stillToEnd(index, {}, now), count: made.count };
  // Expired by the clock, not by `at`: a stamp never repeats, so it runs ahead of a clock set back (a test's mock
  // clock), and pruning by it took live sessions for expired ones, which the revocation then neither ended nor
  // counted.
  prune(index, now);
  index.revokedAt = Math.max(index.revokedAt, at);
  index.exceptId = exceptId ?? uncountedId ?? null;
  const ended = [];
  let count = 0;
  for (const [id, entry] of Object.entries(index.sessions)) {
    if (id === exceptId) continue;
    if (id !== uncountedId && !superseded(index, entry) && isLive(entry, now)) count++;
    ended.push(id); // an expired one too: a request that read it alive may still commit it
  }
  if (attempt !== undefined) index.revocations = [...(index.revocations ?? []), { attempt, count }].slice(-KEPT_REVOCATION_ATTEMPTS);
  return { ended: stillToEnd(index, takeOff(index, ended), now), count };
}

/**
 * The UserStore (js/id-storage.js) of a store that changes one user's index under its own lock (a Map, a file):
 * `changeIndex(userId, change)` loads the index (emptyUserIndex() when none), runs `change` on it, keeps it and
 * resolves to what `change` returned; `endSessions(ids)` deletes the sessions the index evicted or revoked.
 * @param {(userId: string, change: (index: object) => any) => Promise<any>} changeIndex
 * @param {(ids: string[]) => Promise<void>} endSessions
 * @example
 * users: indexedUserStore((userId, change) => withUserIndex(userId, change), removeSessions)
 */
export function indexedUserStore(changeIndex, endSessions) {
  /** Ends `ids`, then settles them; if that fails they stay pending, ended again by the next revocation or sign-in. */
  async function ended(userId, ids) {
    if (ids.length === 0) return;
    await endSessions(ids);
    await changeIndex(userId, (index) => settleEnded(index, ids));
  }
  return {
    async register(userId, id, commit) {
      const { ok, evicted, added } = await changeIndex(userId, (index) => registerInIndex(index, id, commit));
      await ended(userId, evicted).catch(endLater);
      return ok && { added };
    },
    unregister: (userId, id, listedAs) => changeIndex(userId, (index) => unregisterFromIndex(index, id, listedAs)),
    list: (userId) => changeIndex(userId, (index) => listIndex(index, Date.now())),
    isListed: (userId, id) => changeIndex(userId, (index) => Object.hasOwn(index.sessions, id)),
    lastRevocation: (userId) => changeIndex(userId, lastRevocationIn),
    async revoke(userId, exceptId, at) {
      const revoked = await changeIndex(userId, (index) => revokeInIndex(index, exceptId, at, Date.now()));
      await ended(userId, revoked.ended);
      return revoked.count;
    },
  };
}
