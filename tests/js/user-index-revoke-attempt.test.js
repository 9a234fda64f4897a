// A revocation's call to a Durable Object user index, made once more after a reset lost its answer, carries its
// first try's token (js/user-index.js revokeInIndex `attempt`). The index in workerd: tests/workerd/do-lifecycle-revoke-retry.test.js.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUserIndex, listIndex, registerInIndex, revokeInIndex } from '../../js/user-index.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');
const signIn = (index, n) => registerInIndex(index, id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n });

it('a retry after another revocation landed between its tries revokes nothing more, and answers its first count', () => {
  const index = emptyUserIndex();
  signIn(index, 1);
  signIn(index, 2);
  assert.equal(revokeInIndex(index, null, NOW + 10, NOW + 10, undefined, 'first').count, 2); // its answer lost
  signIn(index, 20); // signed in after it
  revokeInIndex(index, id(20), NOW + 30, NOW + 30, undefined, 'other'); // that device's "sign out my other devices"
  const retry = revokeInIndex(index, null, NOW + 10, NOW + 40, undefined, 'first');
  assert.equal(retry.count, 2);
  assert.deepEqual(listIndex(index, NOW + 40).map((entry) => entry.id), [id(20)], 'the device signed in and kept since is signed out');
  assert.equal(index.exceptId, id(20), "the later revocation's kept device");
});

it('keeps a bounded number of tokens', () => {
  const index = emptyUserIndex();
  for (let n = 0; n < 100; n++) revokeInIndex(index, null, NOW + n, NOW + n, undefined, `t${n}`);
  assert.ok(JSON.stringify(index).length < 2000, JSON.stringify(index).length);
});
