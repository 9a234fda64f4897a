// README (listUserSessions, createdAt): on KV the date a device is listed since is looked up only for the device a
// revocation kept (`except`), one read more for each of its writes until the user's next revocation; any other
// commit of a signed-in session writes its index key without reading it. Mutation pass (s50): the lookup made for
// every commit (listedSince asked whatever keptByRevocation said) went unnoticed; each change cost a KV read more.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKVWithMetadata } from './map-kv.js';

it("a signed-in session's change writes its index key without reading it", async () => {
  const kv = mapKVWithMetadata();
  const storage = createWorkersKVSessionStorage({ cookie: { secrets: ['kv-no-listing-read-5d1c9e'], maxAge: 3600 }, kv, userKey: 'userId' });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const cookie = (await storage.commitSession(session)).split(';')[0];
  const again = await storage.getSession(cookie);
  const indexReads = [];
  const { getWithMetadata, get } = kv;
  kv.getWithMetadata = function (key) {
    if (key.includes(':user:')) indexReads.push(key);
    return getWithMetadata.call(this, key);
  };
  kv.get = function (key, type) {
    if (key.includes(':user:')) indexReads.push(key);
    return get.call(this, key, type);
  };
  again.set('theme', 'dark');
  await storage.commitSession(again);
  assert.deepEqual(indexReads, []);
  assert.equal((await storage.listUserSessions('ada')).length, 1);
});
