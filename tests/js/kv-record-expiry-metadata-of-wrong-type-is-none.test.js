// A KV key's metadata `expires` (ms) as a hand edit in the dashboard, another version or a writer with a leaked API
// token may leave it: a value that is no number is no end (js/kv-keys.js keyIsExpired), as the index keys' times of
// another type are none (kv-index-metadata-of-wrong-type-listed-as-is.test.js); the record's own times still end the
// session. Mutation pass (s47): any value but null or undefined compared with the clock went unnoticed; '5', true and
// [1] ended the session, 'x' and {} did not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from '../../js/index.node.js';
import { mapKVWithMetadata } from './map-kv.js';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['kv-expires-metadata-secret-0f3e9a7c2b'], maxAge: 3600 };

/** A KV storage holding one session with { user: 'ada' }, its record's metadata then replaced by `metadata`. */
async function sessionUnder(metadata) {
  const kv = mapKVWithMetadata();
  const storage = createWorkersKVSessionStorage({ cookie, kv });
  const session = await storage.getSession(null);
  session.set('user', 'ada');
  const header = cookiePair(await storage.commitSession(session));
  const key = `session:${session.id}`;
  await kv.put(key, await kv.get(key), { metadata });
  return (await storage.getSession(header)).get('user');
}

describe("a KV record whose metadata's expires is no number", () => {
  for (const expires of ['5', true, [1], 'x', {}]) {
    it(`reads by its record's own times (expires: ${JSON.stringify(expires)})`, async () => {
      assert.equal(await sessionUnder({ expires }), 'ada');
    });
  }

  it('control: one whose expires has passed reads as a fresh session', async () => {
    assert.equal(await sessionUnder({ expires: Date.now() - 1 }), undefined);
  });
});
