// A user's index on Workers KV is a key per session, `<keyPrefix>user:<SHA-256>:<session id>`: a key under that prefix
// whose suffix names no session (a hand edit in the dashboard, another app's key under the same prefix, a writer with
// a leaked API token) is none of the user's sessions. Regression (hostile-store pass): listUserSessions named it as a
// session, and a revocation, or the eviction past 100 of an entry whose `replaces` named it, deleted
// `<keyPrefix><suffix>`: any key under the prefix, another user's revocation mark (which brought that user's revoked
// cookies back, with a cookie storage's `revocation: { kv, keyPrefix }` sharing it) or another app's key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from '../../js/index.node.js';
import { userDigest } from '../../js/user-sessions.js';
import { mapKVWithMetadata } from './map-kv.js';

const cookie = { name: '__session', secrets: ['kv-index-garbage-secret-3b8e1f0a9c27'], maxAge: 3600 };

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

describe('KV index keys whose suffix names no session', () => {
  it('are neither listed, counted nor ended: the keys their suffix names stay', async () => {
    const { kv, storage, signIn } = setup();
    const adaId = await signIn('ada');
    await signIn('bob');
    await storage.revokeUserSessions('bob');
    const bobMark = `session:revoked:${await userDigest('bob')}`;
    const markBefore = await kv.get(bobMark);
    assert.ok(markBefore, "bob's revocation mark is stored");
    await kv.put('session:settings', 'another app');
    const adaIndex = `session:user:${await userDigest('ada')}:`;
    const now = Date.now();
    for (const suffix of [`revoked:${await userDigest('bob')}`, 'settings', 'garbage', '']) {
      await kv.put(adaIndex + suffix, '', { metadata: { createdAt: now, lastSeenAt: now } });
    }

    assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [adaId]);
    assert.equal(await storage.revokeUserSessions('ada'), 1, 'only the session is counted');
    assert.equal(await kv.get(bobMark), markBefore, "bob's mark is still there");
    assert.equal(await kv.get('session:settings'), 'another app', "the other app's key is still there");
  });

  it('named by an evicted entry as the ID it replaced, are not ended with it', async () => {
    const { kv, storage, signIn } = setup();
    await kv.put('session:settings', 'another app');
    const first = await signIn('ada');
    const key = `session:user:${await userDigest('ada')}:${first}`;
    const { metadata } = await kv.getWithMetadata(key);
    await kv.put(key, '', { metadata: { ...metadata, lastSeenAt: 1, replaces: 'settings' } }); // the least recently seen
    for (let i = 0; i < 100; i++) await signIn('ada'); // the 101st evicts the first
    assert.equal(await kv.get(`session:${first}`), null, 'the first session was evicted');
    assert.equal(await kv.get('session:settings'), 'another app', "the other app's key is still there");
  });
});
