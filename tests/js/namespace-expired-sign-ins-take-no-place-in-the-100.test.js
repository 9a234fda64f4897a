// README (Signing out everywhere; Limits): a user's index lists at most 100 sessions, the least recently seen ending
// beyond, and a sign-in is counted only while its session can still be alive (absoluteTimeout). So cookie sign-ins
// past their absoluteTimeout take no place among a user's 100 under `revocation: { namespace }`: the next sign-in
// ends none of the user's live sessions, a Durable Object session sharing the namespace among them. The sign-in's
// registration is judged at the time it is made (revocation.js signIn's `now`). Mutation pass (s50): registering at
// time 0 went unnoticed; every expired sign-in counted as live, and the user's live Durable Object session was ended.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { randomSessionId } from '../../js/internal.js';
import { userDigest } from '../../js/user-sessions.js';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();
const ABSOLUTE_TIMEOUT_S = 60;

it('revocation: { namespace }: 99 cookie sign-ins beside a Durable Object session, all past their absoluteTimeout, make the next one end no live session', async () => {
  const namespace = userObjectsNamespace();
  const storage = createCookieSessionStorage({ cookie: { secrets: ['namespace-expired-take-no-place-0123'] }, userKey: 'userId', absoluteTimeout: ABSOLUTE_TIMEOUT_S, revocation: { namespace } });
  const id = randomSessionId(); // a Durable Object storage's session of the user, alive for the day
  const user = namespace.get(namespace.idFromName(`user:${await userDigest('ada')}`));
  assert.equal((await user.userRegister(id, { signedIn: clock.now, signingIn: true, expiresAt: clock.now + 86_400_000, now: clock.now })).ok, true);
  for (let i = 0; i < 99; i++) {
    clock.now += 10;
    await signIn(storage, 'ada');
  }
  clock.now += ABSOLUTE_TIMEOUT_S * 1000; // every one of those cookies has ended
  await signIn(storage, 'ada');
  assert.deepEqual(namespace.revoked, [], 'the Durable Object session lives on');
  assert.equal(await storage.revokeUserSessions('ada'), 2, 'the Durable Object session and the last sign-in');
  assert.deepEqual(namespace.revoked, [id]);
});
