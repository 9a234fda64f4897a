// Server-side storages whose revocations reach their records late (Workers KV, createSessionStorage's callbacks),
// two isolates over one store. The password-change flow README gives: "sign out of my other devices"
// (revokeUserSessions with `except` the current session), then regenerateId(true), so that a stolen copy of the
// current cookie ends too. The thief's request, in another isolate, read the old ID before the move and writes it
// back after (README: another isolate's request can bring a record back; what it writes reads as fresh once that
// isolate's 5 s cache lapses). Regression (KV locations pass): the revocation's mark kept excepting the old ID, and
// a read of it restamped it as signed in at the revocation, so the copy stayed signed in for good, and unlisted.
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
  describe(`${kind}: a copy of the kept cookie after "sign out of my other devices" and regenerateId(true)`, () => {
    it('is void once the other isolate sees the mark; the device stays signed in, and is the one listed', async () => {
      const [A, B] = make();
      const device = await signIn(A, 'alice');
      clock.now += 1_000;
      const thief = await B.getSession(device); // B looks alice's mark up now: none, cached for 5 s
      clock.now += 1_000;

      const own = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: own });
      own.regenerateId(true);
      const moved = pairOf(await A.commitSession(own));
      assert.notEqual(moved, device);
      clock.now += 1_000;

      thief.set('seen', clock.now);
      await B.commitSession(thief); // B's cache still holds no mark: the old record is written back
      clock.now += 6_000; // past B's 5 s cache

      assert.equal(await userOf(B, device), null, 'the copy, in the isolate that wrote it back');
      assert.equal(await userOf(A, device), null, 'the copy, in the revoking isolate');
      assert.equal(await userOf(A, moved), 'alice');
      assert.equal(await userOf(B, moved), 'alice');
      const listed = await A.listUserSessions('alice');
      assert.equal(listed.length, 1, JSON.stringify(listed));
    });

    it('a later revocation is never lowered by the move: a session it ended stays ended', async () => {
      const [A] = make();
      const device = await signIn(A, 'alice');
      clock.now += 1_000;
      const first = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: first });
      clock.now += 1_000;
      const phone = await signIn(A, 'alice'); // signed in after the first revocation
      clock.now += 1_000;
      const own = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: own }); // ends the phone
      own.regenerateId(true);
      const moved = pairOf(await A.commitSession(own));
      clock.now += 6_000;
      assert.equal(await userOf(A, phone), null, 'the phone the second revocation ended');
      assert.equal(await userOf(A, moved), 'alice');
    });
  });
}
