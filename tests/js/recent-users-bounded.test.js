// The isolate's notes of the user each record was last committed with (js/recent-users.js) stay bounded: past the
// late-commit grace, or past MAX_REMEMBERED records of a backend, the oldest are forgotten (a Session that read
// before then knows only what it read, as before the notes).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { committedSince, MAX_REMEMBERED, noteCommittedUser } from '../../js/recent-users.js';
import { readMark } from '../../js/recent-deletes.js';

describe('recent-users notes', () => {
  it('tell a commit after the mark, not one before it, per backend', () => {
    const backend = {};
    const before = readMark();
    noteCommittedUser(backend, 'a', 'ann');
    const after = readMark();
    assert.equal(committedSince(backend, 'a', before)?.user, 'ann');
    assert.equal(committedSince(backend, 'a', after), undefined);
    assert.equal(committedSince({}, 'a', before), undefined, 'another backend knows nothing of it');
    assert.equal(committedSince(backend, 'a', undefined), undefined);
  });

  it(`keep at most ${MAX_REMEMBERED} records per backend`, () => {
    const backend = {};
    const mark = readMark();
    for (let i = 0; i <= MAX_REMEMBERED; i++) noteCommittedUser(backend, `id${i}`, 'ann');
    assert.equal(committedSince(backend, 'id0', mark), undefined, 'the oldest forgotten');
    assert.equal(committedSince(backend, 'id1', mark)?.user, 'ann');
    assert.equal(committedSince(backend, `id${MAX_REMEMBERED}`, mark)?.user, 'ann');
  });

  it('forget a note past the late-commit grace', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const backend = {};
    const mark = readMark();
    noteCommittedUser(backend, 'old', 'ann');
    t.mock.timers.tick(LATE_COMMIT_GRACE_MS + 1);
    noteCommittedUser(backend, 'new', 'bob');
    assert.equal(committedSince(backend, 'old', mark), undefined);
    assert.equal(committedSince(backend, 'new', mark)?.user, 'bob');
  });
});
