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

/** Workers KV takes one write of a key per second; a second one within it fails (429 Too Many Requests). */
const KV_WRITE_SPACING_MS = 1000;
/** Past this many keys written within the last second, the oldest are forgotten (a miss risks one 429, as before). */
const MAX_PACED_KEYS = 10_000;
const lastWrites = new WeakMap(); // KV namespace -> Map<key, when its latest write from this isolate may start (ms)>

/**
 * `kv.put`, at least a second after the previous write of the key from this isolate: a change written right after
 * a renewal of the same session (a POST and a GET sent together) waits for its turn rather than fail. Regression
 * (review): the second write came 1-36 ms after the first, and KV refuses it in production: a 500, the change lost.
 * @param {KVNamespace} kv
 */
export async function pacedPut(kv, key, value, options) {
  let writes = lastWrites.get(kv);
  if (writes === undefined) lastWrites.set(kv, (writes = new Map()));
  const now = Date.now();
  const previous = writes.get(key);
  const at = previous === undefined ? now : Math.max(now, previous + KV_WRITE_SPACING_MS);
  // Claimed before any await: a write of the key that comes meanwhile waits a second after this one.
  writes.delete(key);
  writes.set(key, at);
  for (const [old, when] of writes) {
    if (writes.size <= MAX_PACED_KEYS && when + KV_WRITE_SPACING_MS > now) break;
    writes.delete(old);
  }
  if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  return kv.put(key, value, options);
}
