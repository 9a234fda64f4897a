// The server-side storages Node runs, each made fresh for a test: memory, callbacks (createSessionStorage over a
// Map), Workers KV (over a Map) and files (in a temporary directory the test removes).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';

/**
 * Store name -> `async (t) => storage`, each made with `options` (cookie, userKey...).
 * @param {object} options
 */
export function serverSideStores(options) {
  return {
    memory: async () => createMemorySessionStorage(options),
    callbacks: async () => createSessionStorage({ ...options, ...callbacksOf(mapBackend()) }),
    kv: async () => createWorkersKVSessionStorage({ ...options, kv: mapKV() }),
    files: async (t) => {
      const dir = await mkdtemp(join(tmpdir(), 'es-stores-'));
      t.after(() => rm(dir, { recursive: true, force: true }));
      return createFileSessionStorage({ ...options, dir });
    },
  };
}
