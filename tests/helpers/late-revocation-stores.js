// The server-side storages whose revocations reach their records late (README, Signing out everywhere: Workers KV,
// and createSessionStorage's callbacks), one per isolate over one shared store: what the tests of a copy of a
// cookie written back by another isolate run on.
import { mapKV } from '../js/map-kv.js';
import { callbacksOf, mapBackend } from '../js/map-backend.js';

/**
 * kind -> () => one storage of that kind per isolate `copies` loaded (tests/helpers/isolate-copies.js), all over one
 * new store, users under `userId`.
 */
export function lateRevocationStores(copies, cookie) {
  return {
    'Workers KV': () => {
      const kv = mapKV();
      return copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
    },
    'createSessionStorage callbacks': () => {
      const callbacks = callbacksOf(mapBackend());
      return copies.isolates.map(({ createSessionStorage }) => createSessionStorage({ cookie, ...callbacks, userKey: 'userId' }));
    },
  };
}
