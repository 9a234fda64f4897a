// README (Choices: two Sessions read from one cookie take turns; a revocation or listing naming one waits for the
// other's commits called before it, a logout among them: js/twin-sessions.js keeps a logout's turn with the
// commits): "your devices" listed beside a logout of the same cookie, called after it (a page's loaders at once),
// shows the session ended, never as the current device still signed in.
// Mutation pass (s49): a logout's turn kept with the listings and revocations (LOGOUT under USERS), which the
// listings do not wait for, went unnoticed; the listing answered while the logout deleted the record, and named
// the session it ended as the current one.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { heldDeleteStorage } from './held-delete-storage.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['twin-listing-after-logout'.padEnd(32, '!')], maxAge: 3600 };

it("listUserSessions naming one twin, called after the other twin's destroySession, waits for that logout and lists nothing", async () => {
  const { storage, holdNextDelete, deleting, open } = heldDeleteStorage({ cookie, userKey: 'userId' });
  holdNextDelete(); // the logout's
  const pair = await signIn(storage, 'ann');
  const leaver = await storage.getSession(pair);
  const lister = await storage.getSession(pair);
  leaver.destroy();
  const logout = storage.destroySession(leaver);
  const listing = storage.listUserSessions('ann', { current: lister });
  await deleting;
  open();
  assert.match(await logout, /Max-Age=0/);
  assert.deepEqual(await listing, [], 'the listing named the session the logout ended');
});
