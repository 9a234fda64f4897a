// README, Limits: a revocation reaches another isolate within its cache of the user's mark, "≤ 5 s per isolate"
// (Workers KV, where the mark is seen at once here, and createSessionStorage's callbacks). Two isolates over one
// store: B reads the session (its lookup of the mark finds none), A revokes 1 ms later, and B's request writes the
// record back within its cache (README: a racing write is voided within 5 s); 5 s after B's lookup it is void there.
// Mutation pass (s45): the cache answering at exactly 5 s (until >= now) went unnoticed; tests stepped 6 s.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { lateRevocationStores } from '../helpers/late-revocation-stores.js';
import { signIn } from '../helpers/sign-in.js';
import { REVOCATION_CACHE_MS } from '../../js/user-sessions.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

const KINDS = lateRevocationStores(copies, cookie);

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: a revocation made in another isolate`, () => {
    it('voids the record written back there 5 s after that isolate looked the mark up, not later', async () => {
      assert.equal(REVOCATION_CACHE_MS, 5_000);
      const [A, B] = make();
      const device = await signIn(A, 'alice');
      clock.now += 1_000;
      const lookedUpAt = clock.now;
      const inFlight = await B.getSession(device); // B caches "no mark"
      clock.now += 1;
      await A.revokeUserSessions('alice');
      clock.now += 1;
      inFlight.set('seen', clock.now);
      await B.commitSession(inFlight); // the record written back
      clock.now = lookedUpAt + 5_000;
      assert.equal((await B.getSession(device)).get('userId'), undefined, 'at 5 s');
    });
  });
}
