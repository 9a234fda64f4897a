// README (Signing out everywhere, cookie sessions): `revokeUserSessions(userId, { except: session })` "signs `session`
// in anew", and a revocation "resolves to how many sessions it ended"; so the user's next "sign out of all devices"
// counts the device kept. With `revocation: { namespace }` the kept sign-in is recorded in the user's index object
// after the revocation (revocation.js). Mutation pass (s45): that record dropped went unnoticed (the KV store's is
// held by tests/js/kept-device-revocation-fails-after-mark.test.js); the next revocation then counted 0.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { pairOf } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const get = (cookie) => new Request('https://example.com/', { headers: cookie ? { Cookie: cookie } : {} });
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

it('revocation: { namespace }: the device "sign out of my other devices" kept is counted by the next revocation', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['namespace-kept-counted-secret-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { namespace: userObjectsNamespace() } });
  const signIn = withSession(storage, (request, { session }) => {
    session.set('userId', 'ada');
    return new Response('in');
  });
  const revokeOthers = withSession(storage, async (request, { session }) => Response.json(await storage.revokeUserSessions('ada', { except: session })));
  const laptop = cookiesOf(await signIn(get()));
  await signIn(get()); // the phone
  const kept = await revokeOthers(get(laptop));
  assert.equal(await kept.json(), 1, 'the phone');
  assert.equal((await storage.getSession(cookiesOf(kept))).get('userId'), 'ada');
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'the laptop, kept and signed in anew');
});
