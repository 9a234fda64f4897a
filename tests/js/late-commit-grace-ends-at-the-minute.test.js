// A stored record outlives the end its store keeps it to (the end of the session's last second, keptUntil) by the
// minute's grace and no more (README, memory storage: "one stays up to a pass over the Map past its expiry and the
// minute's grace"; Files: "deleted when read a minute past its expiry"; lifetime.js LATE_COMMIT_GRACE_MS): a write's
// sweep a millisecond before keeps it, and a request that read the session alive renews it; at that very millisecond
// the sweep drops it, and the request commits a logout, as the user's index drops its entry then (prune's `<=`).
// Mutation pass (s46): the memory storage's sweep, and the file storage's endedForGood, keeping the record at exactly
// a minute (`<` for `<=`) went unnoticed; the grace tests stepped well inside the minute or well past it. So did the
// memory storage keeping its record to the session's own millisecond (not to the end of that second, keptUntil): a
// commit 60.9 s past the session's end was a logout.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { keptUntil, LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { cookiePair } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

for (const [kind, make] of [
  ['memory', (options) => createMemorySessionStorage(options)],
  ['file', (options) => createFileSessionStorage({ ...options, dir: tempDir('edge-session-grace-end-') })],
]) {
  for (const [late, outcome] of [[-1, 'renewed'], [0, 'a logout']]) {
    it(`${kind}: a session read alive and committed ${late ? 'a millisecond before' : 'exactly'} a minute past the end its record is kept to is ${outcome}`, async (t) => {
      const signedIn = Date.parse('2026-12-01T00:00:00.500Z');
      t.mock.timers.enable({ apis: ['Date'], now: signedIn });
      const storage = make({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60 });
      const first = await storage.getSession(null);
      first.set('userId', 'ada');
      const cookie = cookiePair(await storage.commitSession(first));
      // The store keeps the record to the end of the session's last second (keptUntil), then the minute's grace.
      const sweptAt = keptUntil(new Date(signedIn + 60_000)) + LATE_COMMIT_GRACE_MS;
      t.mock.timers.tick(59_000); // back just before the idle timeout
      const inFlight = await storage.getSession(cookie);
      assert.equal(inFlight.get('userId'), 'ada');
      t.mock.timers.tick(sweptAt + late - Date.now()); // a slow request, done at the grace's end
      const other = await storage.getSession(null); // another visitor's write sweeps the records ended for good
      other.set('userId', 'bob');
      await storage.commitSession(other);
      inFlight.set('cart', [1]);
      const header = await storage.commitSession(inFlight);
      if (late) assert.doesNotMatch(header, /Max-Age=0/, 'its record is still there: the commit renews it');
      else assert.match(header, /Max-Age=0/, 'its record is gone: the commit is a logout');
    });
  }
}
