// js/user-index.js MAX_PENDING: "Past this many, the oldest pending IDs are forgotten" (sessions a revocation or an
// eviction took off the index whose ends failed, ended again by the user's next revocation or sign-in; README,
// Signing out everywhere: "the index keeps that session as still to be ended"). Mutation pass (s49): the cut keeping
// the oldest thousand went unnoticed; the session a revocation had just taken off was forgotten at once, and stayed
// signed in after its failed end.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUserIndex, registerInIndex, revokeInIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');
const MAX_PENDING = 1000;

it('an index holding a thousand IDs still to end keeps the one a revocation takes off now, forgetting the oldest', () => {
  const index = emptyUserIndex();
  index.pending = Array.from({ length: MAX_PENDING }, (_, n) => id(n + 1));
  index.pendingUntil = Object.fromEntries(index.pending.map((pending) => [pending, null]));
  registerInIndex(index, id(5000), { signedIn: NOW, signingIn: true, expiresAt: null, now: NOW });
  const { ended } = revokeInIndex(index, undefined, NOW + 10, NOW + 10);
  assert.ok(ended.includes(id(5000)), 'handed to the store to end');
  assert.ok(index.pending.includes(id(5000)), 'kept to end again should its end fail');
  assert.equal(index.pending.length, MAX_PENDING);
  assert.ok(!index.pending.includes(id(1)), 'the oldest forgotten');
});
