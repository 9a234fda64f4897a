// A stored session's record, and its entry in its user's index, outlive its expiry by a minute (README: "the minute's
// grace"; lifetime.js LATE_COMMIT_GRACE_MS), so a request that read it alive just before its idle timeout and commits
// up to a minute later still renews it, whatever swept or pruned meanwhile. The neighbouring late-commit tests commit
// 3 s late, and one 120 s late: a grace cut to 6 s passed them all, and a commit 50 s late was answered with a logout.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { cookiePair } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

for (const [kind, make] of [
  ['memory', (options) => createMemorySessionStorage(options)],
  ['file', (options) => createFileSessionStorage({ ...options, dir: tempDir('edge-session-late-grace-') })],
]) {
  for (const userKey of [undefined, 'userId']) {
    it(`${kind}${userKey ? ' with userKey' : ''}: a session read just before its idle timeout and committed 50 s past it is renewed, though another visitor's write swept meanwhile`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
      const storage = make({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60, userKey });
      const first = await storage.getSession(null);
      first.set('userId', 'ada');
      const cookie = cookiePair(await storage.commitSession(first));
      t.mock.timers.tick(59_000); // back just before the idle timeout
      const inFlight = await storage.getSession(cookie);
      assert.equal(inFlight.get('userId'), 'ada');
      t.mock.timers.tick(50_000); // a slow request: 49 s past the expiry, within the minute
      const other = await storage.getSession(null); // another visitor's write sweeps expired records
      other.set('userId', 'bob');
      await storage.commitSession(other);
      inFlight.set('cart', [1]);
      const header = await storage.commitSession(inFlight);
      assert.doesNotMatch(header, /Max-Age=0/, 'answered with a logout');
      assert.deepEqual((await storage.getSession(cookiePair(header))).get('cart'), [1]);
      if (userKey) assert.equal((await storage.listUserSessions('ada')).length, 1, "listed in its user's index");
    });
  }
}
