// The rewrite window's bounds, at their edges (js/rewrite-window.js): it remembers 1000 keys per storage, the oldest
// noted first forgotten past that (a key noted again counts as new), and a note stands for the rewrites within its
// window, not one made a whole window later. Mutation pass (s44): forgetting at 1000 rather than past it, forgetting
// a key noted again by its first note's place, and refusing a claim exactly one window later went unnoticed; each
// refuses renewals a user's activity is owed (a user active at the pace of the window signed out at idleTimeout).
// Mutation pass (s49): forgetting past 1001 rather than 1000, and `forgottenAt` (forgottenMark since s51) set to the last forgotten note's time
// rather than the newest (a note given back by forgetRewrite holds an older time than notes before it), went
// unnoticed; each renewed a session read before a note it could no longer see (a logout's, a change's).
// The clock is Date.now, mocked; a read is marked by readMark (the isolate's sequence of reads and writes, which no
// clock step moves); a storage here is any object (the window is kept per object); a claim granted is an object (what
// forgetRewrite takes back), one refused false.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readMark } from '../../js/recent-deletes.js';
import { claimRewrite, forgetRewrite, rememberRewrite } from '../../js/rewrite-window.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const WINDOW_MS = 2000;

describe('the rewrite window', () => {
  it('remembers 1000 keys: with 1000 noted since a read, nothing that read may need was forgotten', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    const storage = {};
    const readAt = readMark();
    t.mock.timers.tick(1);
    for (let i = 0; i < 1000; i++) rememberRewrite(storage, `other-${i}`);
    assert.ok(claimRewrite(storage, 'mine', WINDOW_MS, readAt), 'renewed');
    rememberRewrite(storage, 'one-more'); // the 1001st: the oldest, noted after the read, is forgotten
    assert.equal(claimRewrite(storage, 'another', WINDOW_MS, readAt), false, 'cannot tell: not renewed');
  });

  it('forgets past 1000: with 1001 noted since a read, a claim of that read cannot tell and is refused', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    const storage = {};
    const readAt = readMark();
    t.mock.timers.tick(1);
    for (let i = 0; i < 1001; i++) rememberRewrite(storage, `other-${i}`);
    assert.equal(claimRewrite(storage, 'mine', WINDOW_MS, readAt), false);
  });

  it('keeps the newest time of the notes it forgot, a note given back by a failed write holding an older one', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    const storage = {};
    rememberRewrite(storage, 'busy'); // at NOW
    t.mock.timers.tick(5);
    const readAt = readMark(); // a request reads at NOW + 5
    t.mock.timers.tick(5);
    for (let i = 0; i < 998; i++) rememberRewrite(storage, `other-${i}`); // at NOW + 10, after that read
    t.mock.timers.tick(10);
    forgetRewrite(storage, rememberRewrite(storage, 'busy')); // noted last, its write failed: back to NOW
    for (let i = 0; i < 1000; i++) rememberRewrite(storage, `new-${i}`); // forgets the 998 others, then busy
    assert.equal(claimRewrite(storage, 'mine', WINDOW_MS, readAt), false, 'notes made after the read were forgotten');
  });

  it('forgets the key noted longest ago, a key noted again being as new', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    const storage = {};
    rememberRewrite(storage, 'busy'); // at NOW
    for (let i = 0; i < 999; i++) rememberRewrite(storage, `other-${i}`); // at NOW: 1000 keys
    t.mock.timers.tick(10);
    const readAt = readMark(); // a request reads at NOW + 10
    t.mock.timers.tick(10);
    rememberRewrite(storage, 'busy'); // noted again at NOW + 20: the newest
    rememberRewrite(storage, 'new'); // the 1001st: other-0, of NOW, is forgotten, not busy
    assert.ok(claimRewrite(storage, 'mine', WINDOW_MS, readAt), 'nothing noted after the read was forgotten');
  });

  it('a note stands for the rewrites within its window, and one a whole window later is made', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    const storage = {};
    assert.ok(claimRewrite(storage, 'mine', WINDOW_MS));
    t.mock.timers.tick(WINDOW_MS - 1);
    assert.equal(claimRewrite(storage, 'mine', WINDOW_MS), false, 'within the window');
    t.mock.timers.tick(1);
    assert.ok(claimRewrite(storage, 'mine', WINDOW_MS), 'one window later');
  });
});
