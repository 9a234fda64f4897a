// What this isolate's storages note per backend (recent-deletes.js, recent-users.js): one entry per store object
// (a Map, a KV or Durable Object namespace) or per name (a directory's real path).

// Every callback storage's backend (its readData), as id-storage.js's otherBackend counts them: one. A factory may
// make new callbacks for each storage over one database (React Router's createDatabaseSessionStorage). Regression
// (review): a logout through one such storage was undone by a request in flight through another.
const CALLBACKS = {};

/** A function from a backend to its entry, made by `make()` when first asked for. */
export function perBackend(make) {
  const byObject = new WeakMap();
  const byName = new Map();
  return (backend) => {
    const key = typeof backend === 'function' ? CALLBACKS : backend;
    const maps = typeof key === 'object' ? byObject : byName;
    let entry = maps.get(key);
    if (entry === undefined) maps.set(key, (entry = make()));
    return entry;
  };
}
