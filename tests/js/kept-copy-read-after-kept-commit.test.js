// Server-side storages whose revocations reach their records late (Workers KV, createSessionStorage's callbacks),
// two isolates over one store. "Sign out of my other devices" (revokeUserSessions with `except` the current
// session) commits the kept session signed in at the mark's `at`; a thief's request in another isolate reads a copy
// of that cookie after that commit; the kept device then moves to a new ID on a later request (regenerateId(true)),
// which ends the exception; the thief's request writes the old record back. Regression (s44 user-sessions pass):
// that copy was signed in at exactly `at`, which `signedIn < at` never voids, so it stayed signed in for good.
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

const userOf = async (storage, pair) => (await storage.getSession(pair)).get('userId') ?? null;

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: a copy of the kept cookie read after the kept session's commit`, () => {
    it('is void once the kept device moved its ID and the other isolate sees the mark', async () => {
      const [A, B] = make();
      const device = await signIn(A, 'alice');
      clock.now += 1_000;

      const own = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: own });
      const kept = pairOf(await A.commitSession(own)); // its record now signed in at the mark's `at`
      assert.equal(kept, device);
      clock.now += 1_000;
      const thief = await B.getSession(device); // read after that commit: signed in at `at`
      assert.equal(thief.get('userId'), 'alice');

      const again = await A.getSession(kept); // the kept device's next request
      again.regenerateId(true);
      const moved = pairOf(await A.commitSession(again)); // ends the exception
      assert.notEqual(moved, device);
      clock.now += 1_000;

      thief.set('seen', clock.now);
      await B.commitSession(thief); // B's cache still holds the exception: the old record is written back
      clock.now += 6_000; // past B's 5 s cache

      assert.equal(await userOf(B, device), null, 'the copy, in the isolate that wrote it back');
      assert.equal(await userOf(A, device), null, 'the copy, in the isolate that moved');
      assert.equal(await userOf(A, moved), 'alice');
      assert.equal(await userOf(B, moved), 'alice');
      const listed = await A.listUserSessions('alice');
      assert.deepEqual(listed.map(({ id }) => id), [(await A.getSession(moved)).id]);
    });
  });
}
