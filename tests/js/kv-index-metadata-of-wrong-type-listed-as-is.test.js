// The metadata of a user's index key on Workers KV (`createdAt`, `listedSince`, `lastSeenAt`: ms) as a hand edit in
// the dashboard, another version or a writer with a leaked API token may leave it: a value that is no finite number
// is none. Regression (hostile-store pass): listUserSessions gave it as it was (`createdAt: "x"`, `lastSeenAt: {}`,
// where the types promise numbers, and its sort compared NaN), and a key stamped so was never voided by a revocation's
// mark ("x" < at is false): written back after "sign out everywhere", it was listed as a live session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from '../../js/index.node.js';
import { userDigest } from '../../js/user-sessions.js';
import { mapKVWithMetadata } from './map-kv.js';

const cookie = { name: '__session', secrets: ['kv-index-metadata-secret-7d2c9e4a1f60'], maxAge: 3600 };
const BAD = [{ createdAt: 'x', lastSeenAt: {} }, { createdAt: null, listedSince: [1], lastSeenAt: '5' }, { createdAt: true, listedSince: 'y', lastSeenAt: null }];

function setup() {
  const kv = mapKVWithMetadata();
  const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
  async function signIn(user) {
    const session = await storage.getSession(null);
    session.set('userId', user);
    await storage.commitSession(session);
    return session.id;
  }
  return { kv, storage, signIn };
}

describe('KV index keys whose times are no numbers', () => {
  for (const bad of BAD) {
    it(`are listed with numbers for them (${JSON.stringify(bad)})`, async () => {
      const { kv, storage, signIn } = setup();
      const odd = await signIn('ada');
      await signIn('ada');
      const key = `session:user:${await userDigest('ada')}:${odd}`;
      const { metadata } = await kv.getWithMetadata(key);
      await kv.put(key, '', { metadata: { ...metadata, ...bad } });
      const listed = await storage.listUserSessions('ada');
      assert.equal(listed.length, 2);
      for (const entry of listed) {
        assert.ok(Number.isFinite(entry.createdAt) && Number.isFinite(entry.lastSeenAt), JSON.stringify(entry));
      }
      assert.equal(listed[1].id, odd, 'no last-seen time: seen least recently');
    });
  }

  it('written back after a revocation, are void by its mark', async () => {
    const { kv, storage, signIn } = setup();
    const id = await signIn('ada');
    const key = `session:user:${await userDigest('ada')}:${id}`;
    const { metadata } = await kv.getWithMetadata(key);
    await storage.revokeUserSessions('ada');
    await kv.put(key, '', { metadata: { ...metadata, createdAt: 'x' } });
    assert.deepEqual(await storage.listUserSessions('ada'), []);
  });
});
