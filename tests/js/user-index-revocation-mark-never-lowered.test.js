// The users' index of the memory, file and Durable Object storages (js/user-index.js): a revocation stamped earlier
// than the index's mark (its isolate's or process's clock behind, or the other's stamps ahead after a burst of
// sign-ins) leaves the later mark, as KV's and the callbacks' marks do (revocation-mark-never-lowered.test.js).
// Mutation pass (s44): revokeInIndex writing its own `at` over the mark went unnoticed; a sign-in begun before the
// later revocation, committing after both, was then listed and signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUserIndex, lastRevocationIn, listIndex, registerInIndex, revokeInIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');

it('a revocation stamped before the mark leaves the mark, and a sign-in stamped between the two stays refused', () => {
  const index = emptyUserIndex();
  revokeInIndex(index, null, NOW + 60_000, NOW); // another isolate's, its clock a minute ahead
  revokeInIndex(index, null, NOW + 10, NOW + 10); // this isolate's
  assert.equal(lastRevocationIn(index).at, NOW + 60_000);
  const late = registerInIndex(index, id(1), { signedIn: NOW + 30_000, signingIn: true, expiresAt: null, now: NOW + 20 });
  assert.equal(late.ok, false, 'a sign-in made before the later revocation is refused');
  assert.deepEqual(listIndex(index, NOW + 20), []);
});
