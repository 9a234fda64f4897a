// The server-side storages with `userKey: 'userId'` that run in Node, for tests of revocation and listing: each a
// factory of a fresh storage (the file storage's directory removed when the process exits), and a sign-in.
import { createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { tempDir } from '../helpers/temp-dir.js';

/** `{ memory, callbacks, kv, file }`: factories of storages of `cookie` with userKey 'userId'. */
export function userStores(cookie) {
  return {
    memory: () => createMemorySessionStorage({ cookie, userKey: 'userId' }),
    callbacks: () => createSessionStorage({ cookie, ...callbacksOf(mapBackend()), userKey: 'userId' }),
    kv: () => createWorkersKVSessionStorage({ cookie, kv: mapKV(), userKey: 'userId' }),
    file: () => createFileSessionStorage({ cookie, dir: tempDir('edge-session-users-'), userKey: 'userId' }),
  };
}

/** Signs `user` in on a new session: its cookie pair (`name=value`). */
export async function signIn(storage, user) {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return (await storage.commitSession(session)).split(';')[0];
}
