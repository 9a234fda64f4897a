// createSessionStorage's callbacks (a store whose revocations reach its records late). "Sign out of my other
// devices" keeps this device by its ID; its regenerateId(true) then moves it, which ends that exception
// (endException). README: past the delete of the ID it leaves, the commit stands; should the exception's end fail
// (the database refusing that one write), the old ID stays excepted (logged), as before it was moved. Mutation pass
// (s46): that failure failing the commit went unnoticed; the device, whose cookie named the deleted ID, was signed
// out by its own move, its new record written and no cookie naming it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['a-secret-of-at-least-32-characters!'] };

it("the kept device's move stands, signed in under its new ID, when the end of its exception cannot be written", async (t) => {
  const logged = t.mock.method(console, 'error', () => {});
  const callbacks = callbacksOf(mapBackend());
  let failLeft = false;
  const storage = createSessionStorage({
    cookie,
    userKey: 'userId',
    ...callbacks,
    async updateData(id, ...rest) {
      if (failLeft && String(id).endsWith(':left')) throw new Error('database refused the write');
      return callbacks.updateData(id, ...rest);
    },
  });
  const device = await signIn(storage, 'ada');
  const other = await signIn(storage, 'ada');
  const own = await storage.getSession(device);
  assert.equal(await storage.revokeUserSessions('ada', { except: own }), 1);
  await storage.commitSession(own);

  const session = await storage.getSession(device);
  session.regenerateId(true);
  failLeft = true;
  const moved = pairOf(await storage.commitSession(session));
  failLeft = false;
  assert.notEqual(moved, device);
  assert.equal((await storage.getSession(moved)).get('userId'), 'ada', 'the device is signed in under its new ID');
  assert.equal((await storage.getSession(device)).get('userId'), undefined, 'the ID it left is gone');
  assert.equal((await storage.getSession(other)).get('userId'), undefined, 'the other device stays signed out');
  assert.ok(logged.mock.calls.some((call) => /its exception could not be ended/.test(String(call.arguments[0]))));
});
