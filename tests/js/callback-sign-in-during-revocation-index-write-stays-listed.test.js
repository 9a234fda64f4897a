// README (Your own backend): "an isolate's own changes of a user's index go one at a time"; a revocation's change of
// the index among them. A sign-in made while the revocation's write of the index is still under way waits for it,
// and is listed once it lands. Mutation pass (s50): the revocation's change made outside the index's line went
// unnoticed; the revocation's write, landing last, dropped the new device from the index (unlisted, uncounted).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';

it("a sign-in while a revocation writes the user's index is listed once that write lands", async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie: { secrets: ['revocation-index-line-7b2f'] }, ...callbacksOf(backend), userKey: 'userId' });
  const signIn = async () => {
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
    return session.id;
  };
  await signIn();
  const revocationWrite = backend.holdNextWrite(`es:user:${await userDigest('ada')}`);
  const revoked = storage.revokeUserSessions('ada');
  await revocationWrite.reached;
  const signingIn = signIn();
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  revocationWrite.release();
  assert.equal(await revoked, 1);
  const newDevice = await signingIn;
  assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [newDevice]);
});
