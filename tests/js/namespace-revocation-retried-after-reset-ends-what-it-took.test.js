// README (Durable Objects; Signing out everywhere): a call to a user's object is made once more through a new stub
// when the object is reset during it (a deploy), and a revocation resolves to how many sessions it ended, ending the
// Durable Object sessions its namespace lists for the user. A revocation whose first try took the sessions off the
// index but whose answer was lost to the reset is asked again with its token (revocation.js `attempt`), and the retry
// hands back what the first took: those sessions are ended and counted. Mutation pass (s50): the cookie storage's
// revoke asking without a token went unnoticed; the retry found nothing left, counted 0, and the Durable Object
// session it took off the index was never ended (signed in, unlisted, out of reach of any later revocation).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { randomSessionId } from '../../js/internal.js';
import { userDigest } from '../../js/user-sessions.js';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

/** The namespace whose users' objects are reset once as their first userRevoke answers: done, the answer lost. */
function resetOnRevokeNamespace() {
  const namespace = userObjectsNamespace();
  let resets = 1;
  const objectOf = namespace.get;
  namespace.get = (name) => {
    const object = objectOf(name);
    if (object.userRevoke === undefined) return object;
    return {
      ...object,
      async userRevoke(...args) {
        const answer = await object.userRevoke(...args);
        if (resets-- > 0) throw Object.assign(new Error('Durable Object reset because its code was updated.'), { durableObjectReset: true });
        return answer;
      },
    };
  };
  return namespace;
}

it('revocation: { namespace }: a revocation retried after its object reset ends and counts what its first try took off', async () => {
  const namespace = resetOnRevokeNamespace();
  const storage = createCookieSessionStorage({ cookie: { secrets: ['namespace-retry-after-reset-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { namespace } });
  const id = randomSessionId(); // a Durable Object storage's session of the user, sharing the namespace
  const user = namespace.get(namespace.idFromName(`user:${await userDigest('ada')}`));
  const now = Date.now();
  assert.equal((await user.userRegister(id, { signedIn: now, signingIn: true, expiresAt: now + 3_600_000, now })).ok, true);
  const laptop = await signIn(storage, 'ada');
  assert.equal(await storage.revokeUserSessions('ada'), 2, 'the Durable Object session and the laptop');
  assert.deepEqual(namespace.revoked, [id], 'the Durable Object session ended');
  assert.equal((await storage.getSession(laptop)).get('userId'), undefined);
});
