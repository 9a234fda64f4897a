// README (Signing out everywhere, cookie sessions): with `revocation`, a cookie signed in before its user's
// revocation "reads as a fresh session": only the mark, looked up in the store, keeps a thief's copy out. So a lookup
// the store fails (KV's get, the user's Durable Object) fails the read; it is never taken as "no mark". Mutation pass
// (s50): revocationOf reading a failed get, or a failed call to the user's object, as no mark went unnoticed; the
// revoked cookie read as signed in wherever the mark was not cached.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['failed-lookup-no-revoked-cookie-0123'], maxAge: 3600 };
const storageOver = (revocation) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation });

// The same store seen through another binding object: another isolate's, whose cache has not seen the mark.
const kvWhoseGetFails = (kv) => ({
  list: (...args) => kv.list(...args),
  put: (...args) => kv.put(...args),
  delete: (...args) => kv.delete(...args),
  get: async () => {
    throw new Error('KV GET failed: 503');
  },
});
const namespaceWhoseLookupFails = (namespace) => ({
  idFromName: (name) => namespace.idFromName(name),
  get: (id) => ({
    ...namespace.get(id),
    userRevocation: async () => {
      throw new Error('Durable Object storage operation exceeded timeout');
    },
  }),
});

for (const [name, store, failing] of [
  ['{ kv }', () => ({ kv: mapKV() }), ({ kv }) => ({ kv: kvWhoseGetFails(kv) })],
  ['{ namespace }', () => ({ namespace: userObjectsNamespace() }), ({ namespace }) => ({ namespace: namespaceWhoseLookupFails(namespace) })],
]) {
  it(`revocation: ${name}: a revoked cookie whose mark's lookup fails is refused, never read signed in`, async () => {
    const revocation = store();
    const storage = storageOver(revocation);
    const stolen = await signIn(storage, 'ada');
    assert.equal(await storage.revokeUserSessions('ada'), 1);
    assert.equal((await storage.getSession(stolen)).get('userId'), undefined, 'the control: void where the mark reads');
    const elsewhere = storageOver(failing(revocation));
    await assert.rejects(elsewhere.getSession(stolen), (error) => error.code === 'STORAGE_FAILED');
  });
}
