// With userKey, a KV commit of a session already signed in writes its record and its index key, and lists nothing:
// only a commit that newly lists a session (a sign-in, or a regenerateId whose old ID lives on) counts the user's
// sessions with kv.list (README, Limits: "whose sign-ins add a read ... and a kv.list"). Mutation pass (s44): a count
// at every commit went unnoticed: a kv.list call, one of KV's list operations (1,000 a day on the Free plan), for
// every change and renewal of a signed-in session.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

it("a signed-in session's later commits (a change) call no kv.list; its sign-in did", async () => {
  const kv = mapKV();
  let lists = 0;
  const list = kv.list;
  kv.list = function (...args) {
    lists++;
    return list.apply(this, args);
  };
  const storage = createWorkersKVSessionStorage({ cookie: { secrets: ['kv-commit-lists-secret-0123456789ab'] }, userKey: 'userId', kv });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const cookie = cookiePair(await storage.commitSession(session));
  assert.equal(lists, 1, 'the sign-in counts');
  lists = 0;
  for (let i = 0; i < 3; i++) {
    const again = await storage.getSession(cookie);
    again.set('cart', [i]);
    await storage.commitSession(again);
  }
  assert.equal(lists, 0);
  assert.deepEqual((await storage.getSession(cookie)).get('cart'), [2]);
});
