// Mutation pass (s44): when a session with a user but no sign-in time (from before userKey) is read, the floor every
// later stamp is after is raised to its ceiling, never lowered (user-sessions.js signedInBy). A ceiling that left
// out the floor went unnoticed: with the clock stepped back (an NTP correction), reading such a cookie lowered the
// floor below a sign-in stamped before the step and already forgotten into it, and "sign out everywhere" then made
// was stamped before that sign-in, which stayed signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const OTHERS = 100; // others' sign-ins: past the stamps map's size that sets off its forgetting of past stamps

it('"sign out everywhere" after the clock stepped back and a cookie from before userKey was read ends a sign-in made before the step', async () => {
  const start = clock.newDay();
  const kv = mapKV();
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const beforeUserKey = createCookieSessionStorage({ cookie });
  clock.now = start - 5_000;
  const legacy = await beforeUserKey.getSession(null);
  legacy.set('userId', 'old');
  const oldCookie = (await beforeUserKey.commitSession(legacy)).split(';')[0];

  clock.now = start;
  const laptop = await signIn(storage, 'ada');
  clock.now = start + 10;
  for (let i = 0; i < OTHERS; i++) await signIn(storage, `user${i}`); // ada's stamp, behind the clock, is forgotten

  clock.now = start - 1_000; // the clock steps back
  assert.equal((await storage.getSession(oldCookie)).get('userId'), 'old');
  await storage.revokeUserSessions('ada');
  assert.equal((await storage.getSession(laptop)).get('userId'), undefined, 'ada, signed in before the revocation, is still signed in');
});
