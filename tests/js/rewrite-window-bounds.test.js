// The rewrite window's bounds, at their edges (js/rewrite-window.js): it remembers 1000 keys per storage, the oldest
// noted first forgotten past that (a key noted again counts as new), and a note stands for the rewrites within its
// window, not one made a whole window later. Mutation pass (s44): forgetting at 1000 rather than past it, forgetting
// a key noted again by its first note's place, and refusing a claim exactly one window later went unnoticed; each
// refuses renewals a user's activity is owed (a user active at the pace of the window signed out at idleTimeout).
// The clock is Date.now, mocked; a storage here is any object (the window is kept per object); a claim granted is
// an object (what forgetRewrite takes back), one refused false.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimRewrite, rememberRewrite } from '../../js/rewrite-window.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const WINDOW_MS = 2000;

describe('the rewrite window', () => {
  it('remembers 1000 keys: with 1000 noted since a read, nothing that read may need was forgotten', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    const storage = {};
    const readAt = Date.now();
    t.mock.timers.tick(1);
    for (let i = 0; i < 1000; i++) rememberRewrite(storage, `other-${i}`);
    assert.ok(claimRewrite(storage, 'mine', WINDOW_MS, readAt), 'renewed');
    rememberRewrite(storage, 'one-more'); // the 1001st: the oldest, noted after the read, is forgotten
    assert.equal(claimRewrite(storage, 'another', WINDOW_MS, readAt), false, 'cannot tell: not renewed');
  });

  it('forgets the key noted longest ago, a key noted again being as new', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    const storage = {};
    rememberRewrite(storage, 'busy'); // at NOW
    for (let i = 0; i < 999; i++) rememberRewrite(storage, `other-${i}`); // at NOW: 1000 keys
    t.mock.timers.tick(10);
    const readAt = Date.now(); // a request reads at NOW + 10
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
