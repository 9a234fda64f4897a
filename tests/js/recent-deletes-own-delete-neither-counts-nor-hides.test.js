// The isolate's notes of deleted records (js/recent-deletes.js) tell a Session whether another deleted the record it
// read: its own deletes (a later commit of its request deleting the ID it leaves, a write landing after a logout
// deleted again) neither count against it nor hide another's logout from it (README, Logout: "a request that read
// (or last wrote) a record before such a delete writes it no more"). Mutation pass (s50): the note of a Session's
// own delete counted against it, a second own delete forgetting another's logout kept beside the first, and an
// own delete taking the Session's earlier own note for another's, each went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { deletedSince, deleteNoted, readMark } from '../../js/recent-deletes.js';

const deleted = async () => true;

it("a Session's own delete of the record it read does not count against it; another's does", async () => {
  const backend = {};
  const [self, other] = [{}, {}];
  const read = readMark();
  await deleteNoted(backend, 'r', self, deleted);
  assert.equal(deletedSince(backend, 'r', read, self), false, 'its own delete');
  assert.equal(deletedSince(backend, 'r', read, other), true, 'to any other, a delete since its read');
});

it("two own deletes after another's logout still tell the Session of that logout", async () => {
  const backend = {};
  const [self, other] = [{}, {}];
  const read = readMark();
  await deleteNoted(backend, 'r', other, deleted); // another tab's logout
  await deleteNoted(backend, 'r', self, deleted); // its write landed after it: deleted again
  await deleteNoted(backend, 'r', self, deleted); // and once more by a later commit of its request
  assert.equal(deletedSince(backend, 'r', read, self), true);
});

it('two own deletes, none by another, do not count against the Session', async () => {
  const backend = {};
  const self = {};
  const read = readMark();
  await deleteNoted(backend, 'r', self, deleted);
  await deleteNoted(backend, 'r', self, deleted);
  assert.equal(deletedSince(backend, 'r', read, self), false);
});
