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
 * retried with backoff (Cloudflare's advice). Local KV never refuses one.
 */
const KV_RETRY_DELAYS_MS = [1000, 2000];
const TOO_MANY_WRITES = /\b429 Too Many Requests\b/;
const isTooManyWrites = (error) => TOO_MANY_WRITES.test(String(error?.message ?? ''));
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The order of this isolate's writes and deletes, and per KV namespace the last delete of each key: a write waiting
// to be tried again gives up when its key was deleted since it began (a logout meanwhile). Bounded: past it, it
// starts again (a miss is KV's own last-write-wins).
let sequence = 0;
const MAX_DELETES_REMEMBERED = 10_000;
const lastDeletes = new WeakMap(); // KV namespace -> Map<key, sequence number of its last delete>

/**
 * `kv.put`, tried again after a second (then two) when KV refuses it for the rate of writes to the key: a session
 * written twice within a second (a Post/Redirect/Get whose GET takes a flash; a change right after a renewal sent
 * with it) is then written, a second later. Resolves to false, nothing written, when the key was deleted from this
 * isolate meanwhile. Regressions (review): the second write failed, a 500, the change lost; then a retry wrote
 * back a session a logout had deleted while it waited.
 * @param {KVNamespace} kv
 */
export async function putWithRetries(kv, key, value, options) {
  const began = ++sequence;
  for (let attempt = 0; ; attempt++) {
    try {
      await kv.put(key, value, options);
      return true;
    } catch (error) {
      if (attempt >= KV_RETRY_DELAYS_MS.length || !isTooManyWrites(error)) throw error;
      await wait(KV_RETRY_DELAYS_MS[attempt]);
      if ((lastDeletes.get(kv)?.get(key) ?? 0) > began) return false;
    }
  }
}

/**
 * `kv.delete`, tried again as putWithRetries' writes are (a logout right after a write of the session is one more
 * write of its key), and remembered, so a write of the key waiting for its retry gives up.
 * @param {KVNamespace} kv
 */
export async function deleteWithRetries(kv, key) {
  let deletes = lastDeletes.get(kv);
  if (deletes === undefined) lastDeletes.set(kv, (deletes = new Map()));
  if (deletes.size >= MAX_DELETES_REMEMBERED) deletes.clear();
  deletes.set(key, ++sequence);
  for (let attempt = 0; ; attempt++) {
    try {
      return await kv.delete(key);
    } catch (error) {
      if (attempt >= KV_RETRY_DELAYS_MS.length || !isTooManyWrites(error)) throw error;
      await wait(KV_RETRY_DELAYS_MS[attempt]);
    }
  }
}
