// README (Signing out everywhere): "A sign-in is counted until its user signs out, a revocation ends it, or its
// session can no longer be alive (absoluteTimeout ...)". With `revocation: { namespace }` the sign-in's entry in the
// user's index object carries that end (revocation.js signIn's expiresAt), as the KV key's metadata does
// (tests/js/revocation-kv-sign-in-not-counted-at-its-end). Mutation pass (s50): the namespace store registering its
// sign-ins without their end went unnoticed; a revocation counted sessions past their absoluteTimeout.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const clock = handClock();
const ABSOLUTE_TIMEOUT_S = 3600;

it('revocation: { namespace } no longer counts a sign-in past its absoluteTimeout', async () => {
  const storage = createCookieSessionStorage({
    cookie: { name: '__session', secrets: ['namespace-sign-in-end-secret-0123'] },
    userKey: 'userId',
    absoluteTimeout: ABSOLUTE_TIMEOUT_S,
    revocation: { namespace: userObjectsNamespace() },
  });
  await signIn(storage, 'ada'); // the laptop, which can no longer be alive by the revocation
  clock.now += ABSOLUTE_TIMEOUT_S * 1000;
  await signIn(storage, 'ada'); // the phone
  clock.now += 1_000;
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'the phone alone');
});
