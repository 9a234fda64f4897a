// The isolate's notes of deleted records (js/recent-deletes.js) stay bounded, and say "cannot tell" (undefined, the
// store is then asked) for a mark older than a note they forgot (README, Logout: a write in flight "while the notes
// that would tell were forgotten (past a minute, or beside 10,000 deletes)" is followed by the delete again).
// Mutation pass (s50): the bound of 10,000 deletes dropped (a minute's deletes all held, however many), and the
// forgotten mark taken from the last note dropped rather than the newest, went unnoticed; with the latter, a delete
// sent first and done last, then forgotten, read as "not deleted" to a mark taken between the two.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { deletedSince, deleteNoted, readMark } from '../../js/recent-deletes.js';
import { gate } from '../helpers/gate.js';

const deleted = async () => true;
const MAX_REMEMBERED = 10_000;

it(`remember at most ${MAX_REMEMBERED} deletes per backend: past them a mark before the oldest cannot tell`, async () => {
  const backend = {};
  const reader = {};
  const mark = readMark();
  for (let i = 0; i <= MAX_REMEMBERED; i++) await deleteNoted(backend, `id${i}`, undefined, deleted);
  assert.equal(deletedSince(backend, 'id0', mark, reader), undefined, 'the oldest forgotten: the store is to be asked');
  assert.equal(deletedSince(backend, 'id1', mark, reader), true);
});

it('a delete sent first and done last, once forgotten, cannot tell to a mark taken before it was done', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const backend = {};
  const reader = {};
  const slow = gate();
  const first = deleteNoted(backend, 'a', undefined, () => slow.pass()); // its store call still on its way
  await slow.reached;
  await deleteNoted(backend, 'b', undefined, deleted);
  const mark = readMark(); // a read made while 'a' was still being deleted
  slow.open();
  await first;
  assert.equal(deletedSince(backend, 'a', mark, reader), true, 'done after the mark');
  t.mock.timers.tick(LATE_COMMIT_GRACE_MS + 1);
  await deleteNoted(backend, 'c', undefined, deleted); // prunes 'a' and 'b'
  assert.equal(deletedSince(backend, 'a', mark, reader), undefined, 'forgotten: cannot tell, not "not deleted"');
});
