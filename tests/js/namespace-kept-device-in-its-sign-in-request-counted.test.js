// README (Signing out everywhere, cookie sessions): `except` signs the session it keeps in anew, and the next
// revocation counts it; so does a device that signs in and, in the same request, signs out the user's other devices
// ("this is a new phone, end the others"), kept though its cookie carried no sign-in yet. tests/js/user-sessions
// ("a device kept by the revocation made in its own sign-in request is one sign-in") holds it for { kv }; this for
// { namespace }. Mutation pass (s50): the namespace store recording the kept sign-in only for a session that had one
// before (kept.stamp) went unnoticed; the new phone was never counted.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { pairOf, signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();

it('revocation: { namespace }: a device kept by the revocation made in its own sign-in request is counted next time', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['namespace-kept-in-sign-in-request-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { namespace: userObjectsNamespace() } });
  await signIn(storage, 'ada'); // the laptop
  clock.now += 1_000;
  const phone = await storage.getSession(null);
  phone.set('userId', 'ada');
  assert.equal(await storage.revokeUserSessions('ada', { except: phone }), 1, 'the laptop');
  const header = pairOf(await storage.commitSession(phone));
  assert.equal((await storage.getSession(header)).get('userId'), 'ada', 'the phone stays');
  clock.now += 1_000;
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'the phone');
});
