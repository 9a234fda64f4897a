// A KV namespace of this process for Node tests (a revocation option's store, a KV stand-in): keys' metadata
// kept, expirations ignored; `gets` counts the lookups.
export function mapKV() {
  const entries = new Map();
  const metadata = new Map();
  return {
    gets: 0,
    async list({ prefix = '' } = {}) {
      const keys = [...entries.keys()].filter((name) => name.startsWith(prefix)).map((name) => ({ name, metadata: metadata.get(name) }));
      return { keys, list_complete: true };
    },
    async delete(key) {
      entries.delete(key);
      metadata.delete(key);
    },
    async get(key, type) {
      this.gets++;
      const value = entries.get(key) ?? null;
      return value !== null && type === 'json' ? JSON.parse(value) : value;
    },
    async put(key, value, options) {
      entries.set(key, value);
      metadata.set(key, options?.metadata);
    },
  };
}

/** mapKV with getWithMetadata, as a KV binding has (the KV storage reads its keys' metadata through it). */
export function mapKVWithMetadata() {
  const kv = mapKV();
  const metadata = new Map();
  const { put, delete: remove } = kv;
  return Object.assign(kv, {
    async put(key, value, options) {
      metadata.set(key, options?.metadata ?? null);
      return put.call(kv, key, value, options);
    },
    async delete(key) {
      metadata.delete(key);
      return remove.call(kv, key);
    },
    async getWithMetadata(key) {
      const value = await kv.get(key);
      return { value, metadata: value === null ? null : (metadata.get(key) ?? null) };
    },
  });
}

/**
 * mapKV() whose puts take `ms` each (a deployed KV's write takes tens of ms; a read meanwhile sees the old value),
 * counted in `puts` as they begin and in `landed` once written.
 */
export function slowPutsKV(ms) {
  const kv = mapKV();
  const put = kv.put.bind(kv);
  const started = []; // resolvers of nextPut()
  kv.puts = 0;
  kv.landed = 0;
  /** Resolves when the next put begins (its `ms` then still to run). */
  kv.nextPut = () => new Promise((resolve) => started.push(resolve));
  kv.put = async (...args) => {
    kv.puts++;
    for (const resolve of started.splice(0)) resolve();
    await new Promise((resolve) => setTimeout(resolve, ms));
    await put(...args);
    kv.landed++;
  };
  return kv;
}

/** slowPutsKV(ms) whose deletes take `ms` each too, counted in `deleted` once made. */
export function slowWritesKV(ms) {
  const kv = slowPutsKV(ms);
  const remove = kv.delete.bind(kv);
  kv.deleted = 0;
  kv.delete = async (key) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await remove(key);
    kv.deleted++;
  };
  return kv;
}
