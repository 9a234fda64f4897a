// Workers KV keys that end at a time of ours, shared by the KV session storage (js/kv-storage.js) and cookie
// sessions' revocation store (js/revocation.js): how such a key is written, and which keys are still in force.

/** KV refuses expirations closer than 60 s ("expirationTtl must be at least 60"). */
const MIN_EXPIRATION_TTL = 60;

/**
 * The put options for a key kept until `expiresAt` (Unix ms): KV drops it at most the 60 s floor later, and the
 * true end goes into the metadata, which readers check (keyIsExpired). A relative expirationTtl, not an absolute
 * expiration: a Worker's clock stands still during I/O, so "now + 60" by its clock can be under 60 s by KV's.
 * @param {number} expiresAt
 * @param {number} [now]
 */
export function putOptionsUntil(expiresAt, now = Date.now()) {
  const ttl = Math.max(MIN_EXPIRATION_TTL, Math.ceil((expiresAt - now) / 1000));
  return { expirationTtl: ttl, metadata: { expires: expiresAt } };
}

/** True when a key's metadata says its end has passed (KV may keep it up to 60 s more). */
export function keyIsExpired(metadata) {
  const expiresAt = metadata?.expires;
  return typeof expiresAt === 'number' && expiresAt <= Date.now();
}

/**
 * The keys under `prefix`, every page of the listing, but those whose end has passed: `{ name, metadata }`.
 * @param {KVNamespace} kv
 * @param {string} prefix
 */
export async function liveKeys(kv, prefix) {
  const keys = [];
  let cursor;
  do {
    const page = await kv.list({ prefix, cursor });
    for (const key of page.keys) if (!keyIsExpired(key.metadata)) keys.push(key);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return keys;
}

/**
 * Workers KV takes one write of a key per second; a second one within it fails with "429 Too Many Requests", to be
 * tried again later (Cloudflare's advice). Local KV never refuses one.
 */
const KV_WRITE_SPACING_MS = 1000;
const MAX_KV_ATTEMPTS = 5;
const TOO_MANY_WRITES = /\b429 Too Many Requests\b/;
const isTooManyWrites = (error) => TOO_MANY_WRITES.test(String(error?.message ?? ''));
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Per KV namespace, for this isolate: when each key refused a write may next be tried (the writes waiting for one
// key go a second apart, in the order they were refused, rather than all at once again), and the last delete of
// each key in the order of all writes and deletes (a write waiting for its turn gives up when its key was deleted
// since it began: a logout meanwhile). A turn or a delete is kept for REMEMBERED_MS, longer than any write waits;
// past MAX_KEYS_REMEMBERED at once (a hundred thousand within that time), the oldest are forgotten all the same.
const REMEMBERED_MS = 30_000;
const MAX_KEYS_REMEMBERED = 100_000;
let sequence = 0;
const nextTurns = new WeakMap(); // KV namespace -> Map<key, ms when its next refused write may be tried>
const lastDeletes = new WeakMap(); // KV namespace -> Map<key, sequence number of its last delete>

/** `map` of `kv` in `maps`, made on first use. */
function mapOf(maps, kv) {
  let map = maps.get(kv);
  if (map === undefined) maps.set(kv, (map = new Map()));
  return map;
}

/** Sets `key` last in `map` (its order is the order of setting), those set over REMEMBERED_MS ago forgotten. */
function setLast(map, key, value) {
  const now = Date.now();
  map.delete(key);
  map.set(key, { value, at: now });
  for (const [old, { at }] of map) {
    if (at > now - REMEMBERED_MS && map.size <= MAX_KEYS_REMEMBERED) break;
    map.delete(old);
  }
}

/** What setLast kept for `key`, if any. */
const lastOf = (map, key) => map?.get(key)?.value;

/** Waits for the turn of a write of `key` KV refused: a second after the last turn given, or after now. */
async function waitTurn(kv, key) {
  const turns = mapOf(nextTurns, kv);
  const now = Date.now();
  const turn = Math.max(now + KV_WRITE_SPACING_MS, (lastOf(turns, key) ?? 0) + KV_WRITE_SPACING_MS);
  setLast(turns, key, turn);
  await wait(turn - now);
}

/**
 * `kv.put`, tried again in its turn when KV refuses it for the rate of writes to the key: a session written twice
 * within a second (a Post/Redirect/Get whose GET takes a flash; a change right after a renewal sent with it; a
 * page's calls at once) is then written a second or so later. Resolves to false, nothing written, when the key
 * was deleted from this isolate meanwhile.
 * Regressions (review): the second write failed, a 500, the change lost; a retry wrote back a session a logout had
 * deleted while it waited; writes refused together were refused together again.
 * @param {KVNamespace} kv
 */
export async function putWithRetries(kv, key, value, options) {
  const began = ++sequence;
  for (let attempt = 1; ; attempt++) {
    if ((lastOf(lastDeletes.get(kv), key) ?? 0) > began) return false;
    try {
      await kv.put(key, value, options);
      return true;
    } catch (error) {
      if (attempt >= MAX_KV_ATTEMPTS || !isTooManyWrites(error)) throw error;
      await waitTurn(kv, key);
    }
  }
}


/**
 * `kv.delete`, tried again as putWithRetries' writes are (a logout right after a write of the session is one more
 * write of its key), and remembered once made, so a write of the key waiting for its turn gives up.
 * @param {KVNamespace} kv
 */
export async function deleteWithRetries(kv, key) {
  const deleting = ++sequence;
  for (let attempt = 1; ; attempt++) {
    try {
      await kv.delete(key);
      setLast(mapOf(lastDeletes, kv), key, deleting);
      return;
    } catch (error) {
      if (attempt >= MAX_KV_ATTEMPTS || !isTooManyWrites(error)) throw error;
      await waitTurn(kv, key);
    }
  }
}
