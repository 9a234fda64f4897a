// A user's index whose only entries are pending ends (sessions an eviction took off whose records could not be
// deleted: js/user-index.js `pending`) that expired past the grace holds nothing: a sweep removes it. Regression
// (long-lived isolate pass): the sweep pruned sessions only, and such an index stayed for good, as did the Durable
// Object user's index object an alarm sweeps (tests/workerd/do-user-index-left-behind.test.js).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { emptyUserIndex, indexSweptAt, MAX_USER_SESSIONS, registerInIndex, sweepIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;
const id = (n) => n.toString(16).padStart(32, '0');

/** An index past its limit by one: the first session evicted, its end left pending (the store's delete failed). */
function indexWithPendingEnd() {
  const index = emptyUserIndex();
  for (let n = 1; n <= MAX_USER_SESSIONS + 1; n++) {
    registerInIndex(index, id(n), { signedIn: NOW + n, signingIn: true, expiresAt: NOW + n + HOUR, now: NOW + n });
  }
  assert.deepEqual(index.pending, [id(1)]);
  return index;
}

it('an index holding only pending ends that expired is swept, and says when', () => {
  const index = indexWithPendingEnd();
  const last = NOW + MAX_USER_SESSIONS + 1 + HOUR;
  assert.equal(indexSweptAt(index), last + LATE_COMMIT_GRACE_MS);
  assert.equal(sweepIndex(index, last + LATE_COMMIT_GRACE_MS - 1), false, 'not before the last grace is over');
  assert.equal(sweepIndex(index, last + LATE_COMMIT_GRACE_MS), true);
  assert.equal(index.pending, undefined);
  assert.equal(indexSweptAt(index), null, 'nothing left to wait for');
});

it('a pending end still within its grace keeps the index', () => {
  const index = indexWithPendingEnd();
  const firstEnd = NOW + 1 + HOUR;
  // Every listed session gone (their records expired), the evicted one's grace not yet over.
  for (const key of Object.keys(index.sessions)) index.sessions[key].expiresAt = NOW;
  assert.equal(sweepIndex(index, firstEnd), false);
  assert.deepEqual(index.pending, [id(1)]);
  assert.equal(sweepIndex(index, firstEnd + LATE_COMMIT_GRACE_MS), true);
});

it('an index listing a session with no expiry is never swept by time', () => {
  const index = emptyUserIndex();
  registerInIndex(index, id(1), { signedIn: NOW, signingIn: true, expiresAt: null, now: NOW });
  assert.equal(indexSweptAt(index), null);
  assert.equal(sweepIndex(index, NOW + 400 * 24 * HOUR), false);
});
