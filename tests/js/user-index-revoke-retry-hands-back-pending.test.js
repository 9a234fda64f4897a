// js/user-index.js revokeInIndex: a Durable Object storage's revocation made once more after a reset (a deploy) "gets
// the same count, and the sessions it took off, still pending, to end" (README, Signing out everywhere: a revocation
// revokes each session's own object at once; should that fail, the index keeps the session as still to be ended).
// Mutation pass (s49): the retry answering no session to end went unnoticed; the first try's answer lost before its
// objects were revoked, the retry revoked none, and those devices stayed signed in until the user's next revocation.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUserIndex, registerInIndex, revokeInIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');

it('a revocation asked again with its token hands back the sessions its first try took off, still to end, with its count', () => {
  const index = emptyUserIndex();
  for (const n of [1, 2]) registerInIndex(index, id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n });
  const first = revokeInIndex(index, undefined, NOW + 10, NOW + 10, undefined, 'attempt-1');
  assert.deepEqual([first.ended.sort(), first.count], [[id(1), id(2)], 2]);
  const again = revokeInIndex(index, undefined, NOW + 11, NOW + 11, undefined, 'attempt-1');
  assert.deepEqual([again.ended.sort(), again.count], [[id(1), id(2)], 2]);
});
