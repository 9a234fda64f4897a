// Sessions in Workers KV: one key per session, the record text as its value.
// KV is eventually consistent and last-write-wins: concurrent requests of one
// session can lose updates, and a logout may take up to ~60 s to be seen
// everywhere (remix-sessions.md §3.5). Use the Durable Object storage when
// that matters.
import { cookieFromOption } from './cookie.js';
import { createIdSessionStorage } from './id-storage.js';
import { deleteWithRetries, keyIsExpired, liveKeys, putWithRetries, putOptionsUntil } from './kv-keys.js';
import { keptUntil, lifetimeOf } from './lifetime.js';
import { isIssuedSessionId, isSessionIdFor } from './internal.js';
import { deleteNoted } from './recent-deletes.js';
import { scopeOf } from './per-backend.js';
import { refuseUnknownOptions } from './storage-options.js';
import { beyondLimit, endLater, MAX_USER_SESSIONS, numberOr } from './user-index.js';
import { exceptionEnd, exceptionEnded, isRevoked, revocationMarkText, revocationOfText, userDigest, userKeyOf } from './user-sessions.js';

/** KV's key size limit; a longer (forged) ID cannot name a record. */
const MAX_KEY_BYTES = 512;
/** What the longest keys add to keyPrefix: a session ID's 40 hex characters; an index key's `user:<64 hex>:<id>`. */
const SESSION_KEY_BYTES = 40;
const INDEX_KEY_BYTES = 'user:'.length + 64 + 1 + SESSION_KEY_BYTES;
/** React Router's KV storage's IDs (16 hex), read beside ours (isSessionIdFor) so that its sessions carry on. */
const REACT_ROUTER_KV_ID = /^[0-9a-f]{16}$/;
/**
 * True for an ID of the shapes a KV storage's sessions have, whatever their cookie (the storages of two cookie names
 * under one keyPrefix share their users' indexes: README, Two apps over one binding).
 */
const namesASession = (id) => typeof id === 'string' && (isIssuedSessionId(id) || REACT_ROUTER_KV_ID.test(id));
/**
 * The most sessions one call ends by deleting their keys (two deletes each, record and index key): KV allows a Worker
 * invocation 1,000 operations ("Operations/Worker invocation: 1000", Free and Paid, KV's limits), the request's own
 * among them. A user's index can hold more than MAX_USER_SESSIONS: sign-ins within a minute do not see each other in
 * kv.list ("Changes may take up to 60 seconds ... to be reflected"), nor do concurrent ones. Past this number, a
 * revocation leaves the rest to its mark, which voids them where read, and a sign-in's count leaves them to the next.
 * Regression (review, KV's limits): a revocation of a user with ~500 listed sessions threw "Too many API requests
 * by single worker invocation." midway.
 */
const MAX_ENDS_PER_CALL = 400;
/**
 * The KV operations a call's ends and its listing's pages share (kv.list gives 1,000 keys a page), leaving ~100 of the
 * invocation's 1,000 to the request's own reads and writes and the mark. Regression (adversarial pass): the cap did not
 * count the listing, and a user's index of ~190,000 keys threw "Too many API requests by single worker invocation." in
 * a revocation, after its mark, and in every sign-in's count (which then ended none, and the index grew on).
 */
const ENDS_AND_LISTING_OPERATIONS = 900;
/** How many sessions a call whose listing took `pages` kv.list calls may end (two deletes each). */
const endsWithin = (pages) => Math.max(0, Math.min(MAX_ENDS_PER_CALL, Math.floor((ENDS_AND_LISTING_OPERATIONS - pages) / 2)));

/**
 * `ids` in a random order. Past the cap, which sessions a call ends is drawn at random: every call of one kv.list lag
 * window reads the same listing, and each ended the same ones (the least recently seen first), so together they ended
 * no more than one call does. Regression (adversarial pass): a client signing in more than 400 times a minute grew its
 * user's index by the difference every minute, without bound. All of them are to end anyway: the order is not the rule.
 */
function shuffled(ids) {
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The put options for a record that expires at `expires` (js/kv-keys.js putOptionsUntil, kept through its
 * second): the true expiry goes into the metadata, which read() checks, so a short maxAge still ends the session
 * on time (React Router's storage instead throws on maxAge < 60: remix-sessions.md §3.5).
 * @param {Date | undefined} expires
 * @internal exported for tests
 */
export function kvPutOptions(expires, now = Date.now()) {
  return expires ? putOptionsUntil(keptUntil(expires), now) : {}; // no maxAge/expires: the key never expires, like the cookie
}

/**
 * A session storage that keeps each session in Workers KV under
 * `keyPrefix + id` (IDs are 40 hex characters: 128 random bits and a tag of the cookie name, internal.js issueSessionId).
 * @param {object} options
 * @param {import('./cookie.js').Cookie | object} [options.cookie] holds only the signed ID
 * @param {KVNamespace} options.kv the KV binding, e.g. `env.SESSIONS`
 * @param {string} [options.keyPrefix] default 'session:'; '' reads keys React Router wrote
 * @param {string} [options.userKey] the session key holding the user's ID: the
 *   storage then lists and revokes a user's sessions. Each session of a user
 *   has an index key `<keyPrefix>user:<sha256(userId)>:<id>` that expires with
 *   it; a revocation writes `<keyPrefix>revoked:<sha256(userId)>`, against
 *   which sessions are checked when read (cached 5 s per isolate), and
 *   deletes the user's sessions. KV is eventually consistent: other
 *   locations see a revocation within about 60 s.
 * @example
 * export default {
 *   fetch: withSession(
 *     (env) => createWorkersKVSessionStorage({ cookie: { secrets: [env.SESSION_SECRET], maxAge: 86_400 }, kv: env.SESSIONS }),
 *     (request, { session }) => new Response(`Hello ${session.get('name') ?? 'stranger'}`),
 *   ),
 * };
 */
export function createWorkersKVSessionStorage({ cookie, encrypt, kv, keyPrefix = 'session:', idleTimeout, absoluteTimeout, touchInterval, userKey, ...unknown } = {}) {
  refuseUnknownOptions(unknown, 'createWorkersKVSessionStorage');
  // getWithMetadata is optional (a stand-in may lack it): the record's own times end it then.
  for (const method of ['get', 'put', 'delete']) {
    if (typeof kv?.[method] !== 'function') {
      throw new TypeError('createWorkersKVSessionStorage: kv must be a KV namespace binding (env.<BINDING>)');
    }
  }
  if (userKey !== undefined && typeof kv.list !== 'function') {
    throw new TypeError('createWorkersKVSessionStorage: with userKey, kv must be a KV namespace binding (it lists a user\'s index keys)');
  }
  if (typeof keyPrefix !== 'string') {
    throw new TypeError('createWorkersKVSessionStorage: keyPrefix must be a string');
  }
  const encoder = new TextEncoder();
  // KV keys are at most 512 bytes (deployed KV and the local one refuse longer). Regression (black-box pass over
  // platform limits): a long keyPrefix was taken, and with userKey every sign-in then failed with a 500.
  const longestAfterPrefix = userKey === undefined ? SESSION_KEY_BYTES : INDEX_KEY_BYTES;
  const prefixBytes = encoder.encode(keyPrefix).length;
  if (prefixBytes + longestAfterPrefix > MAX_KEY_BYTES) {
    throw new TypeError(
      `createWorkersKVSessionStorage: keyPrefix is ${prefixBytes} bytes of UTF-8; KV keys are at most ${MAX_KEY_BYTES} bytes and this storage's longest adds ${longestAfterPrefix} to it${userKey === undefined ? '' : ' (with userKey)'}: keep keyPrefix to ${MAX_KEY_BYTES - longestAfterPrefix} bytes`,
    );
  }
  const keyOf = (id) => keyPrefix + id;
  const userPrefix = async (userId) => `${keyPrefix}user:${await userDigest(userId)}:`;
  const revokedKey = async (userId) => `${keyPrefix}revoked:${await userDigest(userId)}`;

  /**
   * The user's index keys, all pages: { id, createdAt, signedIn, lastSeenAt, replaces? } (signedIn: the session's
   * sign-in stamp, what a revocation voids, stored as the key's `createdAt`; createdAt: the date it is listed since,
   * its `listedSince` when earlier, for the session a revocation kept; replaces: the ID it was given in place of).
   * The stamp keeps the name it always had, so a version before `listedSince` reads these keys as it did.
   * Only keys that name a session (namesASession), and a `replaces` that does: another key under the user's prefix
   * (a hand edit, another app's key, a writer with a leaked API token) is no session of the user. Regression
   * (hostile-store pass): listUserSessions named it, and a revocation (or the eviction of an entry whose `replaces`
   * named it) deleted `<keyPrefix><its suffix>`, any key under the prefix: another user's revocation mark, another
   * app's key. Its times are finite numbers (numberOr), or none (0; a sign-in at 0 is void by any mark). Regression (hostile-store
   * pass): listed as they were (`createdAt: "x"`), and a key stamped "x" was never void ("x" < at is false).
   */
  async function indexOf(userId, calls) {
    const prefix = await userPrefix(userId);
    const entries = [];
    for (const { name, metadata } of await liveKeys(kv, prefix, calls)) {
      const id = name.slice(prefix.length);
      if (!namesASession(id)) continue;
      const signedIn = numberOr(metadata?.createdAt, 0);
      const entry = { id, createdAt: numberOr(metadata?.listedSince, signedIn), signedIn, lastSeenAt: numberOr(metadata?.lastSeenAt, 0) };
      if (namesASession(metadata?.replaces)) entry.replaces = metadata.replaces;
      entries.push(entry);
    }
    return entries;
  }

  /**
   * The date the index key `key` is listed since (undefined when none is read, or kv has no getWithMetadata). For the
   * listing's date only: a failed read is none. Regression (adversarial pass): it failed the kept device's commits.
   */
  async function listedSince(key) {
    if (typeof kv.getWithMetadata !== 'function') return undefined;
    try {
      const { metadata } = await kv.getWithMetadata(key);
      const since = metadata?.listedSince ?? metadata?.createdAt;
      return typeof since === 'number' ? since : undefined;
    } catch {
      return undefined;
    }
  }

  /** The IDs a regenerateId replaced whose new ID is listed too: the same session, listed and counted once. */
  const replacedIn = (entries) => new Set(entries.map((entry) => entry.replaces).filter((id) => id !== undefined));

  /**
   * The value of `key`, or null once it is past its true expiry: KV keeps a key up to 60 s past it. It is not deleted
   * here: under eventual consistency this read may be stale, and the delete would drop a newer, renewed record.
   */
  async function liveValue(key) {
    const { value, metadata } = kv.getWithMetadata ? await kv.getWithMetadata(key) : { value: await kv.get(key), metadata: null };
    return value === null || keyIsExpired(metadata) ? null : value;
  }

  /**
   * The ID the user's kept session left (endException), in a key of its own: the mark is never written back from
   * a read of it, which a location may serve stale for up to KV's cache time.
   */
  const leftKey = async (userId) => `${await revokedKey(userId)}:left`;
  /** Before the ID in the left key once it was left twice: no ID equals itself with this before it. */
  const TWICE = 'twice:';

  /**
   * The user's last revocation; its exception gone once the kept session left that ID (endException): the left
   * key holds that ID, or TWICE then that ID once it was left twice.
   */
  async function revocationFor(userId) {
    const mark = revocationOfText(await kv.get(await revokedKey(userId)));
    if (mark.exceptId === undefined) return mark;
    const left = await kv.get(await leftKey(userId));
    if (left !== mark.exceptId && left !== TWICE + mark.exceptId) return mark;
    return exceptionEnded(mark, mark.exceptId, left !== mark.exceptId);
  }

  /**
   * Deletes sessions and their index keys, each noted (recent-deletes.js): a request of this isolate that read one
   * before writes it no more. Regression (review): a request of an evicted device in flight wrote it back, listed
   * past MAX_USER_SESSIONS.
   */
  async function endSessions(userId, ids) {
    const prefix = await userPrefix(userId);
    const backend = scopeOf(kv, keyPrefix);
    const endSession = (id) => deleteNoted(backend, id, undefined, () => deleteWithRetries(kv, keyOf(id)));
    await Promise.all(ids.flatMap((id) => [endSession(id), deleteWithRetries(kv, prefix + id)]));
  }

  const countLater = (error) =>
    console.error(`edge-session: a user's sessions could not be counted against the ${MAX_USER_SESSIONS} kept; the user's next sign-in counts again:`, error);

  /**
   * A session newly listed (a sign-in, or a regenerateId() whose old ID lives on) may take the user past
   * MAX_USER_SESSIONS: the least recently seen end. Regression (flood audit): checked at a sign-in only, each
   * regenerateId() of a signed-in session listed one more.
   */
  async function evictBeyondLimit(userId, id, previousId) {
    // Counted as list() counts them. The old key of a regenerateId(true) (its commit under way, or its delete
    // failed) is the session its new key names: counted, it evicted a second session. Regression (review).
    const calls = { pages: 0 };
    const all = await indexOf(userId, calls);
    const replaced = replacedIn(all);
    let entries = all.filter((entry) => !replaced.has(entry.id));
    let voidedIds = [];
    if (entries.length > MAX_USER_SESSIONS) {
      // Keys the last revocation voids (written back by a racing commit) are no sessions: counted, they evicted
      // a live one. The mark is read only here, past the limit.
      const revocation = await revocationFor(userId);
      // But they are ended here, after the sessions past the limit: a revocation that ended more than its cap left
      // them to its mark, listed until they expire (never, without maxAge). Regression (adversarial pass): no
      // sign-in ended them, and each one's count listed them all again.
      voidedIds = all.filter((entry) => isRevoked(revocation, entry.signedIn, entry.id)).map((entry) => entry.id);
      entries = entries.filter((entry) => !isRevoked(revocation, entry.signedIn, entry.id));
    }
    // Never this session, under either ID: the one it is written under, nor the one it was read under (a
    // regenerateId() keeps it alive). Regression (review): the device's own old ID, its least recently seen
    // session, was ended, and its commit then ended the new ID too: the device was signed out.
    const keep = new Set([id, previousId]);
    const lastSeen = new Map(entries.map((entry) => [entry.id, entry.lastSeenAt]));
    const evicted = beyondLimit([...lastSeen.keys()], (entryId) => lastSeen.get(entryId), keep);
    if (evicted.length > 0 || voidedIds.length > 0) {
      // A session ends under every ID it goes by: those its listed ID replaced too, whose record may still be
      // there (a regenerateId(true) commit under way).
      const replacesOf = new Map(all.map((entry) => [entry.id, entry.replaces]));
      const most = endsWithin(calls.pages);
      const excess = new Set();
      for (const evictedId of shuffled(evicted)) {
        for (let old = evictedId; old !== undefined && !keep.has(old) && !excess.has(old) && excess.size < most; old = replacesOf.get(old)) excess.add(old);
      }
      for (const voidedId of shuffled(voidedIds)) if (excess.size < most && !keep.has(voidedId)) excess.add(voidedId);
      await endSessions(userId, [...excess]).catch(endLater); // the sign-in stands; the next one tries again
    }
  }

  const users = {
    async register(userId, id, { signedIn, signingIn, expiresAt, now, previousId, replacesPrevious, keptByRevocation = false, newId }) {
      // expiresAt is the session's exact end: the key's metadata ends it there, its TTL at least 60 s later.
      const options = expiresAt === null ? {} : putOptionsUntil(expiresAt, now);
      const replaces = replacesPrevious ? { replaces: previousId } : {};
      const key = (await userPrefix(userId)) + id;
      // Whether this call lists it (a failed commit undoes only that), looked up for a sign-in or a new ID only: the
      // ID a commit of the same user read its session under was listed by its sign-in. Regression (review): a failed
      // sign-in unlisted the session another tab had just signed in. An ID the commit made is not looked up: nobody
      // else listed it. Regression (KV's docs): the look cost a KV read per sign-in, and this location cached the miss.
      const added = (signingIn || id !== previousId) && (newId || (await liveValue(key)) === null);
      // Listed since its sign-in, as the other storages list it (README: createdAt), though a revocation that kept it
      // (`except`) signed it in anew at the mark's time, and through a regenerateId's new ID: the date its key (or
      // its old ID's) is listed since, kept as `listedSince` beside the stamp. Regression (storages-agree model): KV
      // listed the kept device as signed in at the revocation, and the other storages at its sign-in. Looked up only
      // for such a session (keptByRevocation: each of its writes until the user's next revocation, one read more
      // each, README), so other commits cost no read; a commit at an isolate that does not know the mark yet lists
      // it at the mark's time (README).
      const since = keptByRevocation ? await listedSince(previousId && previousId !== id ? (await userPrefix(userId)) + previousId : key) : undefined;
      const earlier = since !== undefined && since < signedIn ? { listedSince: since } : {};
      const metadata = { ...options.metadata, createdAt: signedIn, ...earlier, lastSeenAt: Math.max(now, earlier.listedSince ?? signedIn), ...replaces };
      const listed = await putWithRetries(kv, key, '', { ...options, metadata });
      // Its key deleted while the write waited for its turn (a logout, a revocation): the commit is refused.
      // Regression (review): the session's own write, after the delete, put the logged-out session back.
      if (!listed) return false;
      // Best-effort, as the ends are: the sign-in stands and the next one counts again. Regression (fault-injection
      // pass): a failed count (kv.list) failed the sign-in after its index key was written, and the session that
      // never was stayed listed and counted by revocations until its expiry.
      if (added) await evictBeyondLimit(userId, id, previousId).catch(countLater);
      return { added: added ? {} : undefined };
    },
    async unregister(userId, id) {
      await deleteWithRetries(kv, (await userPrefix(userId)) + id);
    },
    async list(userId) {
      const [entries, revocation] = await Promise.all([indexOf(userId), revocationFor(userId)]);
      // Sessions a revocation ended whose keys another location wrote again meanwhile are not listed.
      const replaced = replacedIn(entries);
      return entries
        .filter((entry) => !isRevoked(revocation, entry.signedIn, entry.id) && !replaced.has(entry.id))
        .map(({ id, createdAt, lastSeenAt }) => ({ id, createdAt, lastSeenAt }))
        .sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    },
    async revoke(userId, exceptId, at) {
      // The mark it replaces, read first: the sessions that one voids were ended (and counted) then.
      const before = await revocationFor(userId);
      // The mark first: from now on, this location reads the user's older sessions as ended (never lowered).
      const markText = revocationMarkText(at, exceptId, before);
      await putWithRetries(kv, await revokedKey(userId), markText);
      const calls = { pages: 0 };
      const all = await indexOf(userId, calls);
      const ids = all.filter((entry) => entry.id !== exceptId).map((entry) => entry.id);
      // Within KV's operations per invocation: those the mark does not void first (signed in since, elsewhere), and
      // past MAX_ENDS_PER_CALL none of those it voids (ended where read, their keys expiring with them).
      const mark = revocationOfText(markText);
      const voidedByMark = new Set(all.filter((entry) => isRevoked(mark, entry.signedIn, entry.id)).map((entry) => entry.id));
      const unvoided = ids.filter((id) => !voidedByMark.has(id));
      const voidedNow = ids.filter((id) => voidedByMark.has(id));
      // Drawn at random (shuffled): a second revocation within kv.list's lag ends others than the first did.
      await endSessions(userId, [...unvoided, ...shuffled(voidedNow).slice(0, Math.max(0, endsWithin(calls.pages) - unvoided.length))]);
      // A session whose ID was changing is ended under both IDs but counted once (regression: counted twice),
      // the kept one's old ID too (regression, review: it counted as another device while KV still listed it).
      // A key the earlier mark voids is deleted but not counted, as list() leaves it out. Regression (review): a
      // racing commit from another location wrote such a key back, and the next revocation counted it again.
      const replaced = replacedIn(all);
      const voided = new Set(all.filter((entry) => isRevoked(before, entry.signedIn, entry.id)).map((entry) => entry.id));
      return ids.filter((id) => !replaced.has(id) && !voided.has(id)).length;
    },
    revocationOf: revocationFor,
    /**
     * The mark's exception ends when the kept session leaves `leftId` (its new ID was signed in at the
     * mark's time: it needs none); undefined when the mark excepts another. Written to a key of its own, never to the
     * mark: a location's read may serve an earlier mark for up to KV's cache time, and that mark written back would
     * replace a later revocation made at another location, bringing the sessions it ended back to life.
     * Left again by a session signed in at the mark's time (a copy of the kept cookie moved too): left twice, and
     * every session signed in then is void (exceptionEnd).
     */
    async endException(userId, leftId, known, signedIn) {
      const ended = exceptionEnd(await revocationFor(userId), known, leftId, signedIn);
      if (ended !== undefined) await putWithRetries(kv, await leftKey(userId), ended.movedTwice ? TWICE + leftId : leftId);
      return ended;
    },
  };

  const sessionCookie = cookieFromOption(cookie, encrypt);
  return createIdSessionStorage(sessionCookie, {
    // The store a binding and a key prefix name (per-backend.js scopeOf), one object for all the storages over them in
    // this isolate: two prefixes in one namespace are two stores. A cookie storage's `revocation: { kv }` under the
    // same prefix (its default, `edge-session:`) reads the same marks. Regression (review): the binding itself stood
    // for all of them.
    backend: scopeOf(kv, keyPrefix),
    lifetime: lifetimeOf({ idleTimeout, absoluteTimeout, touchInterval }),
    isValidId: (id) => REACT_ROUTER_KV_ID.test(id) || isSessionIdFor(id, sessionCookie.name),
    minRewriteInterval: 1000, // KV takes one write per second per key

    // Written without a look first. A look would make this location cache a miss for the new key, which KV serves
    // over the location's own write until it lapses (60 s, cacheTtl's default; "How KV works": negative lookups are
    // cached): the session's next request, likely at this location, would read no session, and a sign-in would be
    // lost. The ID's 128 random bits are what keeps it unused. Regression (review, KV's docs): create looked first,
    // as React Router's KV storage does for its 64-bit IDs.
    async create(record, expires, newId) {
      const id = newId();
      await putWithRetries(kv, keyOf(id), record, kvPutOptions(expires));
      return id;
    },

    async read(id) {
      if (encoder.encode(keyOf(id)).length > MAX_KEY_BYTES) return null; // KV would throw
      return liveValue(keyOf(id));
    },

    update: (id, record, expires) => putWithRetries(kv, keyOf(id), record, kvPutOptions(expires)),
    exists: async (id) => (await liveValue(keyOf(id))) !== null,
    delete: (id) => deleteWithRetries(kv, keyOf(id)),
    userKey: userKeyOf(userKey),
    users,
  });
}
