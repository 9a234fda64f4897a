// revocation.js ({ namespace }): "The kept sign-in is recorded even when a session of a Durable Object storage sharing
// the namespace could not be ended: that session stays pending in the index and the revocation rejects"; README
// (Signing out everywhere): `except` signs the session in anew, and a revocation resolves to how many it ended. So
// after such a rejected "sign out of my other devices", the device kept is still counted by the user's next
// revocation. Mutation pass (s50): the kept sign-in recorded only once every session was ended (no `finally`) went
// unnoticed; the next revocation left the kept device uncounted.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { randomSessionId } from '../../js/internal.js';
import { userDigest } from '../../js/user-sessions.js';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();

it('revocation: { namespace }: a revocation that could not end a Durable Object session still records the device it kept', async (t) => {
  t.mock.method(console, 'error', () => {});
  const namespace = userObjectsNamespace();
  const storage = createCookieSessionStorage({ cookie: { secrets: ['namespace-kept-end-fails-secret-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { namespace } });
  const user = namespace.get(namespace.idFromName(`user:${await userDigest('ada')}`));
  const now = Date.now();
  assert.equal((await user.userRegister(randomSessionId(), { signedIn: now, signingIn: true, expiresAt: now + 3_600_000, now })).ok, true);
  clock.now += 1_000;
  const laptop = await storage.getSession(await signIn(storage, 'ada'));
  clock.now += 1_000;
  const get = namespace.get;
  namespace.get = (name) => (name.includes('user:') ? get(name) : { revoke: async () => { throw new Error('Durable Object is overloaded'); } });
  await assert.rejects(storage.revokeUserSessions('ada', { except: laptop }));
  namespace.get = get;
  const kept = await storage.commitSession(laptop);
  assert.equal((await storage.getSession(kept.split(';')[0])).get('userId'), 'ada', 'the laptop stays');
  clock.now += 1_000;
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'the laptop, kept and signed in anew');
});
