// Server-side storages whose revocations reach their records late (Workers KV, createSessionStorage's callbacks),
// two isolates over one store. "Sign out of my other devices" keeps the device's ID X; the device then leaves X
// (regenerateId(true)), which the store records in the mark's `:left` record. A thief's copy of X, read at B before
// that move, then asks B for "sign out of my other devices" keeping itself. The `:left` record names the ID, not the
// mark (README, Choices): an ID the kept session left is never kept again, so that later revocation keeps nothing
// and the thief's X ends with the rest, the device signing in again. Scoping `:left` by the mark's time (a known item
// of s46, considered in s47 and not taken) would have kept X signed in for good, its record written back by the
// thief's revocation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { lateRevocationStores } from '../helpers/late-revocation-stores.js';
import { keptDevice, pairOf } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

const KINDS = lateRevocationStores(copies, cookie);

const userOf = async (storage, pair) => (await storage.getSession(pair)).get('userId') ?? null;

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: an ID the kept session left`, () => {
    it('is not kept by a later revocation a copy of it makes: the copy ends with the rest', async () => {
      const [A, B] = make();
      const device = await keptDevice(A, clock); // signed in at the mark's `at`
      const thief = await B.getSession(device); // a copy, read before the device moves
      assert.equal(thief.get('userId'), 'alice');

      const leaving = await A.getSession(device);
      leaving.regenerateId(true);
      const moved = pairOf(await A.commitSession(leaving)); // the device leaves X: `:left` names it
      clock.now += 1_000;
      assert.equal(await B.revokeUserSessions('alice', { except: thief }), 1); // the device's new ID
      assert.equal(pairOf(await B.commitSession(thief)), device); // X's record written back, signed in anew

      clock.now += 6_000; // past both isolates' caches
      for (const storage of [A, B]) {
        assert.equal(await userOf(storage, device), null, 'the left ID is never kept again');
        assert.equal(await userOf(storage, moved), null, 'the device signs in again');
      }
      assert.deepEqual(await A.listUserSessions('alice'), []);
      assert.deepEqual(await B.listUserSessions('alice'), []);
    });
  });
}
