// README (Limits, Storage calls per request): on KV a lookup of the user's mark reads its `:left` key only "once it
// kept an ID": after "sign out of all devices" (no exception) a session's read, and its move to a new ID, read the
// mark and nothing more. Mutation pass (s50): revocationFor reading `<keyPrefix>revoked:<SHA-256>:left` whatever the
// mark went unnoticed (the twin of the callback store's s45 test); a KV read more per lookup.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKVWithMetadata } from './map-kv.js';

it('after a revocation without except, reads and moves of a later sign-in read no :left key', async () => {
  const kv = mapKVWithMetadata();
  const storage = createWorkersKVSessionStorage({ cookie: { secrets: ['kv-left-read-secret-9a3e7b1c'], maxAge: 3600 }, kv, userKey: 'userId' });
  const leftReads = [];
  const { get } = kv;
  kv.get = function (key, type) {
    if (key.endsWith(':left')) leftReads.push(key);
    return get.call(this, key, type);
  };
  await storage.revokeUserSessions('ada');
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const cookie = (await storage.commitSession(session)).split(';')[0];
  const again = await storage.getSession(cookie);
  assert.equal(again.get('userId'), 'ada');
  again.regenerateId(true);
  await storage.commitSession(again);
  assert.deepEqual(leftReads, []);
});
