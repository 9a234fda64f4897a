// Server-side storages whose revocations reach their records late (Workers KV, createSessionStorage's callbacks),
// two isolates over one store. "Sign out of my other devices" keeps this device by its ID; a switch of user there
// (another person signs in on it) leaves that ID, as regenerateId(true) does, so the exception ends: README, a
// copy of the kept cookie (the stolen one the revocation was for), written back elsewhere, is void once the kept
// session left its ID. Mutation pass (s46): the exception ended only for a move keeping its user went unnoticed;
// after the switch, the thief's copy stayed signed in as the revoked user for good.
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
  describe(`${kind}: the kept device switched to another user`, () => {
    it('leaves the kept ID: a copy of its cookie written back elsewhere is void', async () => {
      clock.newDay();
      const [A, B] = make();
      const device = await signIn(A, 'alice');
      clock.now += 1_000;
      const own = await A.getSession(device);
      await A.revokeUserSessions('alice', { except: own });
      assert.equal(pairOf(await A.commitSession(own)), device); // signed in at the mark's `at`
      clock.now += 1_000;
      const thief = await B.getSession(device); // a copy, read after that commit
      assert.equal(thief.get('userId'), 'alice');

      const switched = await A.getSession(device);
      switched.set('userId', 'bob');
      const bob = pairOf(await A.commitSession(switched));
      assert.notEqual(bob, device, 'the switch leaves the kept ID');
      clock.now += 1_000;
      thief.set('seen', clock.now);
      await B.commitSession(thief); // written back within B's cache

      clock.now += 6_000; // past both isolates' caches
      assert.equal((await A.getSession(device)).get('userId'), undefined, 'the copy at A');
      assert.equal((await B.getSession(device)).get('userId'), undefined, 'the copy at B');
      assert.equal((await B.getSession(bob)).get('userId'), 'bob');
      assert.deepEqual(await B.listUserSessions('alice'), []);
    });
  });
}
