// createWorkersKVSessionStorage refuses, when it is made, a `kv` it could not use through a session's whole life: one
// without `delete` (a logout, a regenerateId(true), a revocation delete keys), and, with userKey, one without `list`
// (a user's index is listed to count, list and revoke their sessions). A stand-in of get, put and delete is taken
// without userKey (tests/storage/kv-storage.test.js). Mutation pass (s44): dropping either check went unnoticed; a
// binding without delete was taken and its first logout threw, and with userKey one without list signed users in and
// threw at the first listUserSessions or revokeUserSessions.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { secrets: ['kv-binding-shape-secret-0123456789ab'] };

it('a kv without delete is refused when the storage is made', () => {
  const { delete: _, ...withoutDelete } = mapKV();
  assert.throws(() => createWorkersKVSessionStorage({ cookie, kv: withoutDelete }), {
    name: 'TypeError',
    message: 'createWorkersKVSessionStorage: kv must be a KV namespace binding (env.<BINDING>)',
  });
});

it('with userKey, a kv without list is refused when the storage is made; without userKey it is taken', () => {
  const { list: _, ...withoutList } = mapKV();
  assert.throws(() => createWorkersKVSessionStorage({ cookie, kv: withoutList, userKey: 'userId' }), {
    name: 'TypeError',
    message: /^createWorkersKVSessionStorage: with userKey, kv must be a KV namespace binding/,
  });
  assert.doesNotThrow(() => createWorkersKVSessionStorage({ cookie, kv: withoutList }));
});
