// README (Choices: two Sessions read from one cookie take turns; "a logout waits only for the revocations and
// listings: it ends the session whatever the other writes"): so a twin's commit still writing (KV refusing a key's
// second write within a second, and retrying it) never holds the other twin's logout back (js/twin-sessions.js
// twinsBefore), and that write, once it lands, does not sign the cookie in again.
// Mutation pass (s49): a logout waiting for the twins' commits too (twinsBefore without its LOGOUT rule) went
// unnoticed; the logout answered only once the held write landed, up to 10 s later.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['twin-logout-not-held'.padEnd(32, '!')], maxAge: 3600 };

it("a twin's logout answers while the other twin's commit is still writing, and the cookie stays signed out once that write lands", async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie, userKey: 'userId', ...callbacksOf(backend) });
  const pair = await signIn(storage, 'ann');
  const [id] = backend.records.keys();
  const writer = await storage.getSession(pair);
  const leaver = await storage.getSession(pair);
  writer.set('cart', 3);
  const held = backend.holdNextWrite(id);
  const writing = storage.commitSession(writer);
  await held.reached; // the twin's write under way
  leaver.destroy();
  const logout = storage.destroySession(leaver);
  const answer = await Promise.race([logout, sleep(2_000).then(() => 'still waiting')]);
  assert.match(answer, /Max-Age=0/, "the logout waited for the twin's commit");
  held.release();
  await writing.catch(() => {}); // written or refused: either way the logout stands
  const after = await storage.getSession(pair);
  assert.equal(after.get('userId'), undefined, 'the cookie is signed in again');
  assert.equal(backend.records.has(id), false, 'the record outlived the logout');
});
