// A KV sign-in's count of the user's sessions reads the user's revocation mark only when the index lists more than
// the 100 kept (README, Limits: a sign-in adds "a read ... and a kv.list"; the mark tells which listed keys a
// revocation voids, which matters only when some are to end). Mutation pass (s44): reading it at exactly 100 too
// (> as >=) went unnoticed: a KV read more for every sign-in of a user at the limit.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { MAX_USER_SESSIONS } from '../../js/user-index.js';
import { mapKV } from './map-kv.js';

it(`a sign-in that brings a user to ${MAX_USER_SESSIONS} sessions reads no revocation mark; the one past it does`, async (t) => {
  // The clock held: the storage's own lookup of the mark, cached 5 s, is made once, before the sign-ins looked at.
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  const kv = mapKV();
  const read = [];
  const get = kv.get;
  kv.get = function (key, type) {
    read.push(key);
    return get.call(this, key, type);
  };
  const storage = createWorkersKVSessionStorage({ cookie: { secrets: ['kv-mark-read-secret-0123456789abcd'] }, userKey: 'userId', kv });
  const signIn = async () => {
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
  };
  for (let i = 0; i < MAX_USER_SESSIONS - 1; i++) await signIn();
  read.length = 0;
  await signIn();
  assert.deepEqual(read.filter((key) => key.includes(':revoked:')), [], `no mark read at ${MAX_USER_SESSIONS}`);
  await signIn();
  assert.ok(read.some((key) => key.includes(':revoked:')), `read past ${MAX_USER_SESSIONS}`);
  assert.equal((await storage.listUserSessions('ada')).length, MAX_USER_SESSIONS);
});
