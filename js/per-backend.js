// What this isolate's storages note per backend (recent-deletes.js, recent-users.js): one entry per store object
// (a Map, a KV or Durable Object namespace, a scope of scopeOf: a KV prefix's, the callback storages of one cookie
// name) or per name (a directory's real path).

/** A function from a backend to its entry, made by `make()` when first asked for. */
export function perBackend(make) {
  const byObject = new WeakMap();
  const byName = new Map();
  return (backend) => {
    const maps = typeof backend === 'object' ? byObject : byName;
    let entry = maps.get(backend);
    if (entry === undefined) maps.set(backend, (entry = make()));
    return entry;
  };
}

const scopes = new WeakMap(); // binding -> Map(keyPrefix -> its scope)
/**
 * The records a binding (a KV or Durable Object namespace) holds under a key prefix: one frozen object per pair in
 * this isolate, so that what storages note per backend or per users' records (recent-deletes.js, user-sessions.js
 * revokedThrough) is shared by the storages over the same pair only. Two apps over one binding, each with its own
 * prefix, have users of their own: user "1" of the one is not user "1" of the other.
 */
export function scopeOf(binding, keyPrefix) {
  let byPrefix = scopes.get(binding);
  if (byPrefix === undefined) scopes.set(binding, (byPrefix = new Map()));
  let scope = byPrefix.get(keyPrefix);
  if (scope === undefined) byPrefix.set(keyPrefix, (scope = Object.freeze({ keyPrefix })));
  return scope;
}
