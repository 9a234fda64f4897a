// What the expiry edge-value suites share (not a test file): the five storages made from the same options, a
// movable clock, a KV stand-in and React Router-style callbacks that keep `expires` as a database would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCookieSessionStorage, createFileSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';

/** Date.now moved by `advance(ms)`; restore() puts it back. */
export function mockClock() {
  const real = Date.now;
  let offset = 0;
  Date.now = () => real.call(Date) + offset;
  return { advance: (ms) => void (offset += ms), restore: () => void (Date.now = real) };
}

/** A KV namespace over a Map: get, getWithMetadata, put (metadata kept, expirations ignored), delete, list. */
export function mapKV() {
  const entries = new Map();
  return {
    get: async (key) => entries.get(key)?.value ?? null,
    async getWithMetadata(key) {
      const entry = entries.get(key);
      return entry ? { value: entry.value, metadata: entry.metadata ?? null } : { value: null, metadata: null };
    },
    put: async (key, value, options) => void entries.set(key, { value, metadata: options?.metadata }),
    delete: async (key) => void entries.delete(key),
    async list({ prefix = '' } = {}) {
      const keys = [...entries.keys()].filter((name) => name.startsWith(prefix)).map((name) => ({ name, metadata: entries.get(name).metadata }));
      return { keys, list_complete: true };
    },
  };
}

/**
 * createSessionStorage over a Map, in React Router's documented way: a record is kept with `expires` as a
 * database column would take it (`toISOString()`), and read only while `expires` is ahead.
 */
export function callbackStorage(options) {
  const records = new Map();
  let next = 0;
  const save = (id, data, expires) => records.set(id, { data, expires: expires === undefined ? null : expires.toISOString() });
  return createSessionStorage({
    ...options,
    createData: async (data, expires) => {
      const id = `id${++next}`;
      save(id, data, expires);
      return id;
    },
    readData: async (id) => {
      const record = records.get(id);
      return record && (record.expires === null || Date.parse(record.expires) > Date.now()) ? record.data : null;
    },
    updateData: async (id, data, expires) => void save(id, data, expires),
    deleteData: async (id) => void records.delete(id),
  });
}

const dirs = [];
/** Removes the file storages' directories: call it in the suite's after(). */
export function removeStoreDirs() {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Each storage made from the same options. */
export const STORAGES = {
  memory: (options) => createMemorySessionStorage(options),
  file: (options) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edge-session-expiry-'));
    dirs.push(dir);
    return createFileSessionStorage({ dir, ...options });
  },
  kv: (options) => createWorkersKVSessionStorage({ kv: mapKV(), ...options }),
  callbacks: (options) => callbackStorage(options),
  cookie: (options) => createCookieSessionStorage(options),
};
