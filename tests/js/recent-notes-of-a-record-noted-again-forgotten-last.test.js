// The isolate's notes of deletes and commits (js/recent-deletes.js, js/recent-users.js) forget the oldest first past
// their bound of 10,000 records per backend: a record noted again is the newest, not kept in its first place and
// forgotten first (README, Logout: the notes forgotten "past a minute, or beside 10,000 deletes"; Limits: what an
// isolate notes of the last minute). Mutation pass (s50): a note renewed in its old place in either went unnoticed;
// the record just deleted (or committed) again was the one forgotten, and the oldest stayed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { deletedSince, deleteNoted, readMark } from '../../js/recent-deletes.js';
import { committedSince, MAX_REMEMBERED, noteCommittedUser } from '../../js/recent-users.js';

const deleted = async () => true;

it('a record deleted again is forgotten after the 10,000 deleted since, not before them', async () => {
  const backend = {};
  const reader = {};
  const mark = readMark();
  await deleteNoted(backend, 'again', undefined, deleted);
  for (let i = 0; i < MAX_REMEMBERED - 1; i++) await deleteNoted(backend, `id${i}`, undefined, deleted);
  await deleteNoted(backend, 'again', undefined, deleted); // 10,000 records noted: none forgotten yet
  await deleteNoted(backend, 'one-more', undefined, deleted); // the oldest, id0, goes
  assert.equal(deletedSince(backend, 'again', mark, reader), true, 'deleted again last: still known');
  assert.equal(deletedSince(backend, 'id0', mark, reader), undefined, 'the oldest forgotten');
});

it('a record committed again is forgotten after the 10,000 committed since, not before them', () => {
  const backend = {};
  const mark = readMark();
  noteCommittedUser(backend, 'again', 'ann');
  for (let i = 0; i < MAX_REMEMBERED - 1; i++) noteCommittedUser(backend, `id${i}`, 'ann');
  noteCommittedUser(backend, 'again', 'bob');
  noteCommittedUser(backend, 'one-more', 'ann');
  assert.equal(committedSince(backend, 'again', mark)?.user, 'bob', 'committed again last: still known');
  assert.equal(committedSince(backend, 'id0', mark), undefined, 'the oldest forgotten');
});
