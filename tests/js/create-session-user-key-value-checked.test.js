// A value under userKey that no storage can index, set by the app, is refused at commit (INVALID_USER_ID), before
// anything is written: written, its session could never be listed nor revoked (user-sessions.js committedUserOf).
// createSession's data is the app's too, as a set() is: refused as well (session.js userKeySetHere: a session no
// storage read). Mutation pass: taking createSession's value as one read from the store, unchanged, committed it
// silently without a user, and passed the Node suites.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSession, SessionDataError } from 'edge-session';

const isInvalidUser = (error) => error instanceof SessionDataError && error.code === 'INVALID_USER_ID';

it('createSession({ userId: { id } }) committed to a storage with userKey: INVALID_USER_ID, nothing written', async () => {
  const storage = createMemorySessionStorage({ cookie: { secrets: ['user-key-value'.padEnd(32, '!')] }, userKey: 'userId' });
  await assert.rejects(async () => storage.commitSession(await createSession({ userId: { id: 'ada' } })), isInvalidUser);
  await assert.rejects(async () => storage.commitSession(await createSession({ userId: true })), isInvalidUser);
  const fine = await createSession({ userId: 'ada' });
  assert.doesNotMatch(await storage.commitSession(fine), /Max-Age=0/);
  assert.equal((await storage.listUserSessions('ada')).length, 1, 'listed under its user');
});
