// Server-side storages whose revocations reach their records late (Workers KV, createSessionStorage's callbacks),
// two isolates over one store. "Sign out of my other devices" keeps the device's ID and signs it in at the mark's
// `at`; a thief's copy of that cookie, read in isolate B after that commit, is signed in at `at` too. Both then move
// to a new ID (regenerateId(true)), B still holding the exception in its 5 s cache. Regression (s45 callback-store
// pass): the second move found the exception already ended and changed nothing, and its new ID (neither the one
// excepted nor the one left) stayed signed in for good. Two moves from one excepted ID mean one of them is a copy,
// and nothing tells which: every session of the user signed in at exactly `at` is void (README, Choices), so the
// device signs in again, and the thief's ID ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { lateRevocationStores } from '../helpers/late-revocation-stores.js';
import { keptDevice, pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

const KINDS = lateRevocationStores(copies, cookie);

const userOf = async (storage, pair) => (await storage.getSession(pair)).get('userId') ?? null;
const moveOf = async (storage, session) => {
  session.regenerateId(true);
  return pairOf(await storage.commitSession(session));
};

/** The user's sessions past both isolates' caches: none of the cookies is signed in, in either isolate. */
async function assertAllSignedOut(A, B, pairs) {
  clock.now += 6_000;
  for (const pair of pairs) {
    assert.equal(await userOf(A, pair), null, `${pair.slice(10, 18)} at A`);
    assert.equal(await userOf(B, pair), null, `${pair.slice(10, 18)} at B`);
  }
  assert.deepEqual(await A.listUserSessions('alice'), []);
  assert.deepEqual(await B.listUserSessions('alice'), []);
}

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: two moves from the kept ID`, () => {
    it('the device moves, then a copy read at B within its cache moves there: both new IDs end', async () => {
      const [A, B] = make();
      const device = await keptDevice(A, clock);
      const thief = await B.getSession(device); // B now caches the exception
      assert.equal(thief.get('userId'), 'alice');

      const moved = await moveOf(A, await A.getSession(device)); // ends the exception
      clock.now += 1_000;
      const stolen = await moveOf(B, thief); // B's cache still holds the exception
      assert.notEqual(stolen, moved);
      assert.equal(await userOf(B, stolen), null, 'void at once in the isolate that saw the second move');
      await assertAllSignedOut(A, B, [device, moved, stolen]);
    });

    it('the device moves, then a copy read at B, whose cache holds no mark yet, moves there: both new IDs end', async () => {
      const [A, B] = make();
      const device = await signIn(A, 'alice');
      clock.now += 6_000;
      assert.equal(await userOf(B, device), 'alice'); // B caches alice's mark: none
      const own = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: own });
      await A.commitSession(own); // signed in at the mark's `at`
      const thief = await B.getSession(device); // a copy of that record; B still knows of no revocation

      const moved = await moveOf(A, await A.getSession(device));
      const stolen = await moveOf(B, thief);
      assert.equal(await userOf(B, stolen), null, 'void at once in the isolate that saw the second move');
      await assertAllSignedOut(A, B, [device, moved, stolen]);
    });

    it('a copy moves at B first, then the device, whose request had read its ID before, moves at A: both end', async () => {
      const [A, B] = make();
      const device = await keptDevice(A, clock);
      const own = await A.getSession(device); // the device's request, under way
      const thief = await B.getSession(device);

      const stolen = await moveOf(B, thief);
      clock.now += 1_000;
      const moved = await moveOf(A, own);
      assert.equal(await userOf(A, moved), null, 'void at once in the isolate that saw the second move');
      await assertAllSignedOut(A, B, [device, moved, stolen]);
    });

    it('a copy signed in before the mark that moves after the device signs nobody out but itself', async () => {
      const [A, B] = make();
      const device = await signIn(A, 'alice');
      clock.now += 1_000;
      const thief = await B.getSession(device); // read before the revocation: signed in before `at`
      clock.now += 6_000;
      const own = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: own });
      await A.commitSession(own);
      clock.now += 1_000;
      assert.equal(await userOf(B, await signIn(B, 'bob')), 'bob');
      await B.listUserSessions('alice'); // B looks the mark up: the exception stands there for 5 s

      const moved = await moveOf(A, await A.getSession(device));
      const stolen = await moveOf(B, thief); // refused: signed in before `at` under another ID than the kept one
      clock.now += 6_000;
      assert.equal(await userOf(A, stolen), null);
      assert.equal(await userOf(B, stolen), null);
      assert.equal(await userOf(A, moved), 'alice', 'the device stays signed in');
      assert.equal(await userOf(B, moved), 'alice');
      assert.equal((await A.listUserSessions('alice')).length, 1);
    });

    it('the device moving twice in a row stays signed in everywhere', async () => {
      const [A, B] = make();
      const device = await keptDevice(A, clock);
      assert.equal(await userOf(B, device), 'alice'); // B caches the exception
      const first = await moveOf(A, await A.getSession(device));
      clock.now += 1_000;
      const second = await moveOf(A, await A.getSession(first));
      clock.now += 6_000;
      for (const storage of [A, B]) {
        assert.equal(await userOf(storage, second), 'alice');
        assert.equal(await userOf(storage, device), null);
      }
      assert.equal((await A.listUserSessions('alice')).length, 1);
    });
  });
}
