// A browser's sign-in as the revocation tests make it: a new session with a user, committed.
import assert from 'node:assert/strict';

/** The `name=value` a browser sends back of a Set-Cookie. */
export const pairOf = (setCookie) => setCookie.split(';')[0];

/** Signs `userId` in on a new session of `storage` (userKey 'userId'); the cookie the browser then sends. */
export async function signIn(storage, userId) {
  const session = await storage.getSession(null);
  session.set('userId', userId);
  return pairOf(await storage.commitSession(session));
}

/**
 * `userId` signed in on `storage`, then "sign out of my other devices" there keeping this device, its session
 * committed (its record now signed in at the mark's `at`), a second on `clock` (tests/helpers/hand-clock.js) before
 * and after the revocation: the device's cookie, unchanged by that commit.
 */
export async function keptDevice(storage, clock, userId = 'alice') {
  const device = await signIn(storage, userId);
  clock.now += 1_000;
  const own = await storage.getSession(device);
  await storage.revokeUserSessions(userId, { except: own });
  assert.equal(pairOf(await storage.commitSession(own)), device); // its record now signed in at the mark's `at`
  clock.now += 1_000;
  return device;
}
