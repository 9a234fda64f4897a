// README (errors): a bad option throws a CookieOptionError INVALID_OPTIONS naming it, when the storage is made; the
// cookie storage's `revocation` is `{ kv }`, a KV namespace, which writes the marks it reads. A binding that can read
// but not write (get without put: a KV stand-in half made, a read-only wrapper) is no such store and is refused then,
// not at the first "sign out everywhere" (a STORAGE_FAILED, after the user was told nothing). Mutation pass (s50):
// revocationStoreOf taking a kv with get alone went unnoticed; the storage was made and every revocation failed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['revocation-binding-without-put-0123'] };

it('revocation: { kv } over a binding with get but no put is refused with INVALID_OPTIONS when the storage is made', () => {
  for (const kv of [{ get: async () => null }, { get: async () => null, put: 'no', list: async () => ({ keys: [] }), delete: async () => {} }]) {
    assert.throws(
      () => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } }),
      (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && /revocation must be \{ kv/.test(error.message),
    );
  }
  // The control: get and put make a store (one that cannot count).
  createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: { get: async () => null, put: async () => {} } } });
});
