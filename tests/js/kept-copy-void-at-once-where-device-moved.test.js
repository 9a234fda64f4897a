// README, Workers KV (and createSessionStorage: "as on KV"): once the kept session leaves the ID "sign out of my
// other devices" excepted, a copy of its cookie written back elsewhere is void "once both are seen", "a copy read
// after the kept session's own commit too". The isolate where the device moved has seen both at once: there the copy
// is void without waiting for its 5 s cache. Mutation pass (s45): the callback store's endException answering the
// mark without the ID left (no leftId) went unnoticed; that isolate served the copy, signed in at the mark's time,
// until its cache lapsed (tests stepped 6 s first).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { lateRevocationStores } from '../helpers/late-revocation-stores.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

const KINDS = lateRevocationStores(copies, cookie);

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: a copy of the kept cookie read after the kept session's commit, written back elsewhere`, () => {
    it('is void at once in the isolate where the kept device moved its ID', async () => {
      const [A, B] = make();
      const device = await signIn(A, 'alice');
      clock.now += 1_000;
      const own = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: own });
      assert.equal(pairOf(await A.commitSession(own)), device); // signed in at the mark's `at`
      clock.now += 1_000;
      const thief = await B.getSession(device); // read after that commit, B caches the exception

      const again = await A.getSession(device);
      again.regenerateId(true);
      const moved = pairOf(await A.commitSession(again)); // ends the exception; A knows it
      clock.now += 1_000;
      thief.set('seen', clock.now);
      await B.commitSession(thief); // written back within B's cache
      clock.now += 1_000; // within A's cache too

      assert.equal((await A.getSession(device)).get('userId'), undefined, 'the copy, where the device moved');
      assert.equal((await A.getSession(moved)).get('userId'), 'alice');
    });
  });
}
