// Server-side storages whose revocations reach their records late (Workers KV, createSessionStorage's callbacks),
// two isolates over one store. README (Signing out everywhere): a request holding a session when its user's
// sessions are revoked has its write refused, and its cookie expires. A session read at A before "sign out
// everywhere" made at B, committed at A once A knows the mark (its 5 s cache lapsed), is refused by that mark before
// anything is written. Mutation pass (s46): that check at the listing left out went unnoticed; the revoked record
// was written back and listed (a key per write until its expiry), and the response set a live cookie, void at its
// next read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { lateRevocationStores } from '../helpers/late-revocation-stores.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

const KINDS = lateRevocationStores(copies, cookie);

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: a session read before a revocation another isolate made`, () => {
    it('is refused at its commit once this isolate knows the mark: its cookie expires', async () => {
      clock.newDay();
      const [A, B] = make();
      const device = await signIn(A, 'ada');
      clock.now += 1_000;
      const session = await A.getSession(device); // a slow request at A
      clock.now += 1_000;
      assert.equal(await B.revokeUserSessions('ada'), 1);
      clock.now += 6_000; // past A's cache: its commit looks the mark up

      session.set('cart', 3);
      assert.match(await A.commitSession(session), /Max-Age=0/, 'the cookie expires');
      clock.now += 6_000;
      assert.equal((await B.getSession(device)).get('userId'), undefined);
      assert.deepEqual(await B.listUserSessions('ada'), []);
    });
  });
}
