// README (Choices: two Sessions read from one cookie take turns; "a regenerateId committed by one after a 'sign out
// of my other devices' naming the other is kept, as it is with one Session"): so it is when the twin's own earlier
// commit, which the revocation waited for, has landed while the revocation still runs. The twins' turns of the ID
// are forgotten only once neither a commit nor a revocation or listing is under way (js/twin-sessions.js).
// Mutation pass (s49): the turns forgotten once the commits were done, a revocation still under way, went
// unnoticed; the rotation committed next waited for nothing, was written beside the revocation, and ended with
// the other devices: the device that asked was signed out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { heldDeleteStorage } from './held-delete-storage.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['twin-rotation-after-revocation'.padEnd(32, '!')], maxAge: 3600 };

it("a twin's regenerateId(true) committed after a revocation keeping the other twin, its own earlier commit landed meanwhile, is kept", async () => {
  const { storage, holdNextDelete, deleting, open } = heldDeleteStorage({ cookie, userKey: 'userId' });
  const device = await signIn(storage, 'ann');
  const otherDevice = await signIn(storage, 'ann');
  const kept = await storage.getSession(device); // the loader asking "sign out of my other devices"
  const twin = await storage.getSession(device); // another loader of the same page
  twin.set('theme', 'dark');
  const firstCommit = storage.commitSession(twin);
  holdNextDelete();
  const revoking = storage.revokeUserSessions('ann', { except: kept });
  await firstCommit;
  await deleting;
  twin.regenerateId(true);
  const rotating = storage.commitSession(twin); // called after the revocation, which still runs
  open();
  assert.equal(await revoking, 1);
  const rotated = pairOf(await rotating);
  assert.equal((await storage.getSession(rotated)).get('userId'), 'ann', 'the rotated device was signed out');
  assert.equal((await storage.getSession(otherDevice)).get('userId'), undefined, 'the other device is still signed in');
});
