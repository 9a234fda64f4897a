// A user's index keeps the sessions a revocation or an eviction took off it as still to be ended until the store
// says they are (js/user-index.js `pending`): a revoke() of a Durable Object, or a file delete, that failed is made
// by the user's next revocation or sign-in. Durable Objects in workerd: tests/workerd/durable-object-faults.test.js.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUserIndex, indexedUserStore, registerInIndex, revokeInIndex, settleEnded, sweepIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');
const signIn = (index, n) => registerInIndex(index, id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n });

it('hands the sessions a revocation ended back with the next revocation and sign-in until they are settled', () => {
  const index = emptyUserIndex();
  signIn(index, 1);
  signIn(index, 2);
  assert.deepEqual(revokeInIndex(index, undefined, NOW + 10, NOW + 10).ended.sort(), [id(1), id(2)]);
  // The store ended only the first (the second's failed): the next sign-in and revocation hand the second back.
  settleEnded(index, [id(1)]);
  assert.deepEqual(signIn(index, 20).evicted, [id(2)]);
  assert.deepEqual(revokeInIndex(index, id(20), NOW + 30, NOW + 30), { ended: [id(2)], count: 0 });
  assert.equal(sweepIndex(index, NOW + 30), false);
  settleEnded(index, [id(2)]);
  assert.equal(index.pending, undefined);
});

it('a store whose ending fails once ends those sessions at the next revocation; regression (review): they were forgotten, alive', async () => {
  const indexes = new Map();
  const alive = new Set();
  let failNext = true;
  const users = indexedUserStore(
    async (userId, change) => {
      const index = indexes.get(userId) ?? emptyUserIndex();
      const result = change(index);
      indexes.set(userId, index);
      return result;
    },
    async (ids) => {
      if (failNext) {
        failNext = false;
        throw new Error('EIO');
      }
      for (const ended of ids) alive.delete(ended);
    },
  );
  for (const n of [1, 2]) {
    alive.add(id(n));
    assert.notEqual(await users.register('ada', id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n }), false);
  }
  await assert.rejects(users.revoke('ada', undefined, NOW + 10), /EIO/);
  assert.equal(await users.revoke('ada', undefined, NOW + 20), 0, 'nothing listed is left to count');
  assert.deepEqual([...alive], [], 'both ended');
  assert.equal(indexes.get('ada').pending, undefined);
});
