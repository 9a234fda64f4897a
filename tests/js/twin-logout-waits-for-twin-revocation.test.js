// README (Choices: two Sessions read from one cookie take turns; "a logout waits only for the revocations and
// listings"): a twin's logout called while a "sign out of my other devices" keeping the other twin still runs waits
// for it, then ends the session the revocation kept (js/twin-sessions.js: a revocation's turn kept under USERS,
// which logouts wait for). Both end as asked: the other device signed out by the revocation, this one by the logout.
// Mutation pass (s49): the revocations' and listings' turns kept with the commits (every turn under COMMIT) went
// unnoticed; the logout no longer waited for the revocation, and ran beside it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { heldDeleteStorage } from './held-delete-storage.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['twin-logout-after-revocation'.padEnd(32, '!')], maxAge: 3600 };

it("a twin's destroySession called while a revocation keeping the other twin runs answers after it, and both devices end", async () => {
  const { storage, holdNextDelete, deleting, open } = heldDeleteStorage({ cookie, userKey: 'userId' });
  const device = await signIn(storage, 'ann');
  const otherDevice = await signIn(storage, 'ann');
  const kept = await storage.getSession(device);
  const leaver = await storage.getSession(device);
  holdNextDelete();
  const order = [];
  const revoking = storage.revokeUserSessions('ann', { except: kept }).then((count) => (order.push('revocation'), count));
  await deleting;
  leaver.destroy();
  const logout = storage.destroySession(leaver).then((header) => (order.push('logout'), header));
  await new Promise((resolve) => setTimeout(resolve, 50));
  open();
  assert.equal(await revoking, 1);
  assert.match(await logout, /Max-Age=0/);
  assert.deepEqual(order, ['revocation', 'logout'], 'the logout did not wait for the revocation called before it');
  assert.equal((await storage.getSession(device)).get('userId'), undefined, 'the device that logged out is signed in');
  assert.equal((await storage.getSession(otherDevice)).get('userId'), undefined, 'the other device is signed in');
  assert.deepEqual(await storage.listUserSessions('ann'), []);
});
