// createSessionStorage with userKey: an isolate's changes of one user's index go one at a time, each in the user's
// line (js/callback-user-store.js inIndexLine), which is the isolate's memory: once a user's changes have settled,
// their line goes. Mutation pass (s45): a line kept after its last change settled went unnoticed; each user who
// signed in held one until a thousand were held and a minute had passed (the sweep meant for hung callbacks).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createSessionStorage } from 'edge-session';
import { indexLinesHeld } from '../../js/callback-user-store.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signIn } from '../helpers/sign-in.js';

it("a user's index line is forgotten once their sign-ins, logout and revocation have settled", async () => {
  const storage = createSessionStorage({ cookie: { secrets: ['s3cr3t'] }, ...callbacksOf(mapBackend()), userKey: 'userId' });
  const held = indexLinesHeld();
  const [phone] = await Promise.all([signIn(storage, 'ada'), signIn(storage, 'ada'), signIn(storage, 'bob')]);
  assert.equal(indexLinesHeld(), held, 'after the sign-ins');
  await storage.destroySession(await storage.getSession(phone));
  await storage.revokeUserSessions('bob');
  assert.equal(indexLinesHeld(), held, 'after the logout and the revocation');
});
