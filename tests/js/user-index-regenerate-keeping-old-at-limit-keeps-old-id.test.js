// README (Signing out everywhere): "after regenerateId() (which keeps the old record alive) the old ID stays on its
// user's index"; js/user-index.js evictBeyondLimit: past MAX_USER_SESSIONS the least recently seen sessions leave,
// "never one of `keep` (the commit's own ID and the one it is given in place of)". Mutation pass (s49): the eviction
// keeping only the commit's own ID went unnoticed; a regenerateId() at the limit by the least recently seen device
// evicted its own old ID (its record ended) instead of the next device.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUserIndex, listIndex, MAX_USER_SESSIONS, registerInIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');

it('a regenerateId() (the old record kept) at the limit by the least recently seen device keeps its old ID listed and ends the next device', () => {
  const index = emptyUserIndex();
  for (let n = 1; n <= MAX_USER_SESSIONS; n++) registerInIndex(index, id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n });
  const at = NOW + 1000;
  const { ok, evicted } = registerInIndex(index, id(1000), { signedIn: NOW + 1, signingIn: false, expiresAt: null, now: at, previousId: id(1), replacesPrevious: false });
  assert.equal(ok, true);
  assert.deepEqual(evicted, [id(2)], 'the least recently seen device but the one changing its ID');
  const listed = listIndex(index, at).map((entry) => entry.id);
  assert.ok(listed.includes(id(1)) && listed.includes(id(1000)), 'both IDs of the device listed');
  assert.equal(listed.length, MAX_USER_SESSIONS);
});
