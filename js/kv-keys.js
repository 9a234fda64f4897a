// Workers KV keys that end at a time of ours, shared by the KV session storage (js/kv-storage.js) and cookie
// sessions' revocation store (js/revocation.js): how such a key is written, and which keys are still in force.
import { hungLineSweep, waitAtMost } from './bounded-wait.js';

/** KV refuses expirations closer than 60 s ("expirationTtl must be at least 60"). */
const MIN_EXPIRATION_TTL = 60;
/**
 * The longest expirationTtl workerd takes: an int32 of seconds (about 68 years); past it, put throws "Value out of
 * range. Must be between -2147483648 and 2147483647".
 */
export const MAX_EXPIRATION_TTL = 2 ** 31 - 1;

/**
 * The put options for a key kept until `expiresAt` (Unix ms): KV drops it at most the 60 s floor later, and the
 * true end goes into the metadata, which readers check (keyIsExpired). A relative expirationTtl, not an absolute
 * expiration: a Worker's clock stands still during I/O, so "now + 60" by its clock can be under 60 s by KV's.
 * An end KV cannot be told, past MAX_EXPIRATION_TTL, gets no expirationTtl: the key is kept until deleted (never
 * dropped before its end; readers still end it by its metadata), and so is one with no valid end (NaN: a maxAge
 * past the range of Date), as a key without maxAge/expires is; none is refused. Regression (audit of issue 3):
 * a cookie's far-future maxAge or expires (100 years, 9999-12-31) failed every commit on KV with a 500.
 * @param {number} expiresAt
 * @param {number} [now]
 */
export function putOptionsUntil(expiresAt, now = Date.now()) {
  if (!Number.isFinite(expiresAt)) return {};
  const ttl = Math.max(MIN_EXPIRATION_TTL, Math.ceil((expiresAt - now) / 1000));
  if (ttl > MAX_EXPIRATION_TTL) return { metadata: { expires: expiresAt } };
  return { expirationTtl: ttl, metadata: { expires: expiresAt } };
}

/** True when a key's metadata says its end has passed (KV may keep it up to 60 s more). */
export function keyIsExpired(metadata) {
  const expiresAt = metadata?.expires;
  return typeof expiresAt === 'number' && expiresAt <= Date.now();
}

/**
 * The most pages of kv.list (1,000 keys each) a listing reads: 100,000 keys, ~30 MB held at once, and 100 of the
 * invocation's 1,000 KV operations (js/kv-storage.js leaves the deletes 800 beside them). Only a flood of writes
 * makes a prefix hold more (a user's index keeps 100 sessions, sign-ins within kv.list's lag a few hundred more): the
 * keys past it are not seen, and a revocation's mark voids them all the same. Regression (hostile-store pass): every
 * page was read and held, ~300 bytes a key, so an index grown past ~300,000 keys took each sign-in, listing and
 * revocation of its user past an isolate's 128 MB, and the requests of everyone the isolate served failed with them.
 */
export const MAX_LISTED_PAGES = 100;

/**
 * The keys under `prefix`, the listing's first MAX_LISTED_PAGES pages, but those whose end has passed: `{ name, metadata }`.
 * @param {KVNamespace} kv
 * @param {string} prefix
 * @param {{ pages: number }} [calls] counts the kv.list calls made (each one of KV's operations per invocation)
 */
export async function liveKeys(kv, prefix, calls) {
  const keys = [];
  let cursor;
  let pages = 0;
  do {
    const page = await kv.list({ prefix, cursor });
    pages++;
    if (calls) calls.pages++;
    for (const key of page.keys) if (!keyIsExpired(key.metadata)) keys.push(key);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor && pages < MAX_LISTED_PAGES);
  return keys;
}

/**
 * Workers KV takes one write of a key per second; a second one within it fails with "429 Too Many Requests", to be
 * tried again later (Cloudflare's advice). Local KV never refuses one.
 */
const KV_WRITE_SPACING_MS = 1000;
const MAX_KV_ATTEMPTS = 4;
const TOO_MANY_WRITES = /\b429 Too Many Requests\b/;
const isTooManyWrites = (error) => TOO_MANY_WRITES.test(String(error?.message ?? ''));
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * How long an operation of a key waits for the one before it in line (or a write for the later one it stood down
 * for): past it, it goes on. A call that never settles (its request cancelled mid-write: the client went away, the
 * runtime took it for hung) must not hold the key's later writes and deletes, a logout or a revocation among them,
 * for good. An operation that settles takes at most MAX_KV_ATTEMPTS tries a KV_WRITE_SPACING_MS apart, well within
 * it. Regression (audit): one cancelled put left its key's line held for the isolate's life; the session's logout,
 * or the user's next revocation, never answered.
 */
export const KV_LINE_WAIT_MS = 5000;

// Per KV namespace, for this isolate: the writes and deletes of each key in line, one at a time (a key with none
// pending has no line). `latest` is the last to join: a write that a later one joined the line after stands down
// for it (KV keeps the last write anyway), so a line holds at most one write waiting to be tried again, and an
// older write never lands over a newer one. A write also gives up when its key was deleted since it began (a
// logout meanwhile): deletes are numbered when made, in one sequence with the writes' beginnings, and kept
// REMEMBERED_MS (past MAX_KEYS_REMEMBERED within that time, the oldest are forgotten all the same).
const REMEMBERED_MS = 30_000;
const MAX_KEYS_REMEMBERED = 100_000;
let sequence = 0;
const lines = new WeakMap(); // KV namespace -> Map<key, { tail: Promise, latest: { kind: 'put' | 'delete', began, done } }>
const lastDeletes = new WeakMap(); // KV namespace -> Map<key, { value: sequence number of its last delete, at }>
const lastWrites = new WeakMap(); // KV namespace -> Map<key, { value: the beginning of its newest write made, at }>

/** `map` of `kv` in `maps`, made on first use. */
function mapOf(maps, kv) {
  let map = maps.get(kv);
  if (map === undefined) maps.set(kv, (map = new Map()));
  return map;
}

/** Records `value` for `key` in `maps` of `kv`, those recorded over REMEMBERED_MS ago forgotten. */
function remember(maps, kv, key, value) {
  const map = mapOf(maps, kv);
  const now = Date.now();
  map.delete(key);
  map.set(key, { value, at: now });
  for (const [old, { at }] of map) {
    if (at > now - REMEMBERED_MS && map.size <= MAX_KEYS_REMEMBERED) break;
    map.delete(old);
  }
}

/** True when `key` was deleted from this isolate since `began` (a number of the sequence). */
const deletedSince = (kv, key, began) => (lastDeletes.get(kv)?.get(key)?.value ?? 0) > began;
/** True when a write of `key` that began after `began` was made from this isolate: KV holds a newer value. */
const overwrittenSince = (kv, key, began) => (lastWrites.get(kv)?.get(key)?.value ?? 0) > began;

/**
 * Lines of operations that never settle (a request cancelled mid-write) are dropped once a minute old. Regression
 * (audit): each cancelled write of a key not written again kept its line, ~1.2 KB, for good.
 */
const forgetHungLines = hungLineSweep();

/** @internal How many keys of `kv` have a line in this isolate (tests). */
export const linesHeld = (kv) => lines.get(kv)?.size ?? 0;

/**
 * Runs `operation(later)` for `key` in its line: after the ones before it, and tried again a second after KV
 * refused it for the rate of writes to the key (a few times, then the 429 is thrown). `later()` is the last
 * operation of the key that joined the line after this one ({ kind, began, done }), or undefined; `done` settles
 * as that operation does.
 */
async function inLine(kv, key, kind, began, operation) {
  const keys = mapOf(lines, kv);
  let line = keys.get(key);
  if (line === undefined) {
    forgetHungLines(keys);
    line = { tail: undefined, latest: undefined, joinedAt: 0 }; // no tail: nothing to wait for
  }
  const me = { kind, began, done: undefined };
  let settle;
  me.done = new Promise((resolve, reject) => (settle = { resolve, reject }));
  me.done.catch(() => {}); // awaited only by a write that stood down for this one
  const before = line.tail;
  let release;
  line.tail = new Promise((resolve) => (release = resolve));
  line.latest = me;
  line.joinedAt = Date.now();
  keys.set(key, line);
  try {
    // A turn of the event loop even with none before: writes sent together join the line before the first goes.
    await (before === undefined ? undefined : waitAtMost(before, KV_LINE_WAIT_MS));
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await operation(() => (line.latest === me ? undefined : line.latest));
        settle.resolve(result?.done ?? result);
        return result;
      } catch (error) {
        if (attempt >= MAX_KV_ATTEMPTS || !isTooManyWrites(error)) {
          settle.reject(error);
          throw error;
        }
        await wait(KV_WRITE_SPACING_MS);
      }
    }
  } finally {
    release();
    // Not a line that replaced this one after it was forgotten as hung. Regression (review): the late operation
    // dropped the key's live line, and a later write went out beside one in line, landing an older value last.
    if (line.latest === me && keys.get(key) === line) keys.delete(key);
  }
}

/**
 * `kv.put`, in line with the other writes and deletes of the key from this isolate, tried again a second after KV
 * refuses it for the rate of writes to the key: a session written twice within a second (a Post/Redirect/Get
 * whose GET takes a flash; a change sent beside a renewal; a page's calls at once) is written a second or so
 * later. A write whose turn comes after a later write of the key joined the line stands down for it (KV keeps the
 * last) and resolves as that one does, or writes itself after all if that one fails. Resolves to false, nothing
 * written, when the key was deleted since it began, or by a delete that joined the line after it (a logout
 * meanwhile; should that delete fail, this write is made after all).
 * Regressions (review): the second write failed, a 500, the change lost; a retry wrote back a session a logout had
 * deleted while it waited; writes refused together were refused together again; waits grew without bound under a
 * steady load, and an older write landed over a newer one; a write that stood down was answered as written
 * before, or although, the later one failed.
 * @param {KVNamespace} kv
 */
export function putWithRetries(kv, key, value, options) {
  return putInLine(kv, key, value, options, ++sequence);
}

async function putInLine(kv, key, value, options, began) {
  const outcome = await inLine(kv, key, 'put', began, async (later) => {
    if (deletedSince(kv, key, began)) return false;
    const after = later();
    // Stands down for a delete that joined the line after it (a logout meanwhile): a logout once it is made. So
    // are the writes that stood down for this one. Regression (review): they were answered with the delete's
    // undefined, taken for written.
    if (after?.kind === 'delete') return { kind: 'delete', done: after.done.then(() => false) };
    // And for a write that began after it; one that began before (tried again after a failure, behind this one)
    // is the older. Regression (review): judged by place in line, an older value landed last.
    if (after?.kind === 'put' && after.began > began) return after;
    if (overwrittenSince(kv, key, began)) return true; // KV holds a newer value already
    await kv.put(key, value, options);
    remember(lastWrites, kv, key, began);
    return true;
  });
  if (typeof outcome === 'boolean') return outcome;
  if (await waitAtMost(outcome.done, KV_LINE_WAIT_MS)) {
    try {
      return await outcome.done;
    } catch {
      // The later operation failed: nothing of it was made, so this write is. Regression (review): a write gave up
      // for a delete that then failed, and neither was made.
    }
  }
  // Failed, or never settled (its request cancelled): this write is made after all, in line again.
  return putInLine(kv, key, value, options, began);
}

/**
 * `kv.delete`, in line and tried again as putWithRetries' writes are (a logout right after a write of the session
 * is one more write of its key); remembered once made, so a write of the key that began before gives up.
 * @param {KVNamespace} kv
 */
export async function deleteWithRetries(kv, key) {
  await inLine(kv, key, 'delete', ++sequence, async () => {
    await kv.delete(key);
    remember(lastDeletes, kv, key, ++sequence);
  });
}
