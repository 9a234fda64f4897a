// listUserSessions and revokeUserSessions take null for their options as none (user-sessions.js checkOptionsObject:
// "neither absent, a Session nor an object" is the TypeError), as JavaScript callers write a choice
// (`revokeUserSessions(userId, keep ? session : null)`): "sign out of all devices", this one too (README, Signing
// out everywhere). Mutation pass (s48): refuseUnknownKeys reading the names of null went unnoticed; both calls threw
// a bare TypeError ("Cannot convert undefined or null to object").
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage } from 'edge-session';
import { signIn } from '../helpers/sign-in.js';

it('null options: every session listed, none current; every session revoked, this one too', async () => {
  const storage = createMemorySessionStorage({ cookie: { secrets: ['user-sessions-null-options-secret-0'] }, userKey: 'userId' });
  const laptop = await signIn(storage, 'ada');
  await signIn(storage, 'ada');
  const listed = await storage.listUserSessions('ada', null);
  assert.equal(listed.length, 2);
  assert.ok(listed.every((session) => !session.current));
  assert.equal(await storage.revokeUserSessions('ada', null), 2);
  assert.equal((await storage.getSession(laptop)).get('userId'), undefined);
  assert.deepEqual(await storage.listUserSessions('ada'), []);
});
