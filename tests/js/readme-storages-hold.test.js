// README, "Storages" (Workers KV): "KV takes one write per key per second and refuses a second one within it (429):
// ... has the refused write tried again a second later (four attempts at most)". Held through the storage: a key KV
// keeps refusing is put four times, a second apart, and the commit then fails (STORAGE_FAILED), never a fifth try
// nor a write reported as made.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage, SessionStorageError } from 'edge-session';

/** A KV namespace that refuses every put for the rate of writes to its key, noting when each was tried. */
function alwaysRefusingKv() {
  const tries = [];
  return {
    tries,
    get: async () => null,
    getWithMetadata: async () => ({ value: null, metadata: null }),
    async put(key) {
      tries.push({ key, at: performance.now() });
      throw new Error('KV PUT failed: 429 Too Many Requests');
    },
    delete: async () => {},
  };
}

it('a commit KV keeps refusing (429) is tried four times, a second apart, then fails', { timeout: 20_000 }, async () => {
  const kv = alwaysRefusingKv();
  const storage = createWorkersKVSessionStorage({ cookie: { secrets: ['a-test-secret-of-at-least-32-characters'] }, kv });
  const session = await storage.getSession(null);
  session.set('cart', ['book']);
  await assert.rejects(storage.commitSession(session), (error) => error instanceof SessionStorageError && error.code === 'STORAGE_FAILED' && /429/.test(String(error.cause?.message)));
  const sessionTries = kv.tries.filter(({ key }) => key.startsWith('session:'));
  assert.equal(sessionTries.length, 4, 'four attempts at most');
  assert.equal(new Set(sessionTries.map(({ key }) => key)).size, 1, 'all of one key');
  for (let i = 1; i < sessionTries.length; i++) {
    const gap = sessionTries[i].at - sessionTries[i - 1].at;
    assert.ok(gap >= 990 && gap < 1500, `attempt ${i + 1} came ${Math.round(gap)} ms after the one before, not a second`);
  }
});
