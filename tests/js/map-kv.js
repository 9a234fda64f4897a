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
