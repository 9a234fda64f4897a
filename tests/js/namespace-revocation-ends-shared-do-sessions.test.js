// README (Signing out everywhere, cookie sessions): `revocation: { namespace }` may share the namespace of a Durable
// Object storage of the same keyPrefix: "each lists only its own sessions, and a revocation from either ends both
// kinds"; revocation.js: such a storage's sessions "end at once when they leave it (a revocation, or evicted past
// MAX_USER_SESSIONS by sign-ins recorded here)". Mutation pass (s45): the cookie storage's revocation, or its
// sign-in's eviction, not ending the sessions it took off the index went unnoticed; those Durable Object sessions
// stayed signed in.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { randomSessionId } from '../../js/internal.js';
import { userDigest } from '../../js/user-sessions.js';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const cookie = { secrets: ['namespace-ends-do-sessions-secret-0123'], maxAge: 3600 };

/** A Durable Object storage's sign-in of session `id` in the user's object, as its commit registers it. */
async function doSignIn(namespace, userId, id) {
  const user = namespace.get(namespace.idFromName(`user:${await userDigest(userId)}`));
  const now = Date.now();
  assert.equal((await user.userRegister(id, { signedIn: now, signingIn: true, expiresAt: now + 3_600_000, now })).ok, true);
}

it("a cookie storage's revocation ends the Durable Object sessions its namespace lists for the user", async () => {
  const namespace = userObjectsNamespace();
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace } });
  const id = randomSessionId();
  await doSignIn(namespace, 'ada', id);
  await signIn(storage, 'ada');
  assert.equal(await storage.revokeUserSessions('ada'), 2, 'both kinds counted');
  assert.deepEqual(namespace.revoked, [id]);
});

it("a cookie sign-in past the 100 ends the Durable Object session it evicts", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  const namespace = userObjectsNamespace();
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace } });
  const id = randomSessionId();
  await doSignIn(namespace, 'ada', id); // the least recently seen
  for (let i = 0; i < 100; i++) {
    t.mock.timers.tick(10);
    await signIn(storage, 'ada');
  }
  assert.deepEqual(namespace.revoked, [id]);
});
