// The users' index (js/user-index.js): a session past the 100 whose ID is changing (regenerateId(true), its commit
// not yet done) ends with both its IDs, as README's "past 100, the least recently seen ends" asks of one session.
// Mutation pass (s44): evictBeyondLimit taking off the new ID alone went unnoticed; the old ID, no longer replaced
// by a listed one, was listed and counted again, alive, though its session was the one evicted.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_USER_SESSIONS, emptyUserIndex, listIndex, registerInIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');
const signIn = (index, n) => registerInIndex(index, id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n });

it('a session evicted while its ID changes leaves the index under both IDs, both to be ended', () => {
  const index = emptyUserIndex();
  signIn(index, 1); // the device whose ID changes, the least recently seen
  registerInIndex(index, id(2), { signedIn: NOW + 1, signingIn: true, expiresAt: null, now: NOW + 2, previousId: id(1), replacesPrevious: true });
  for (let n = 3; n < MAX_USER_SESSIONS + 2; n++) signIn(index, n); // the other devices: the user's 100 sessions
  assert.equal(listIndex(index, NOW + 200).length, MAX_USER_SESSIONS);
  const { evicted } = signIn(index, 500);
  assert.deepEqual([...evicted].sort(), [id(1), id(2)], 'both IDs of the evicted session are ended');
  const listed = listIndex(index, NOW + 500).map((entry) => entry.id);
  assert.equal(listed.length, MAX_USER_SESSIONS);
  assert.ok(!listed.includes(id(1)) && !listed.includes(id(2)), 'neither ID is listed');
});
