// README (Signing out everywhere, cookie sessions): a sign-in "is counted until its user signs out, a revocation ends
// it, or its session can no longer be alive", and `except` signs the kept device in anew. So once the kept device signs
// out, the user's next revocation counts nothing: its new sign-in's record goes with the logout. With `{ kv }` the
// kept sign-in is recorded under the revocation's time, the stamp its cookie is rewritten with, and on both stores
// the logout takes off that record. Mutation pass (s50): the kept sign-in recorded under its old stamp (kept.stamp for
// `at`) went unnoticed; its logout took off nothing and every later revocation counted the device signed out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { pairOf } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();
const get = (cookie) => new Request('https://example.com/', { headers: cookie ? { Cookie: cookie } : {} });
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

for (const [name, revocation] of [['{ kv }', () => ({ kv: mapKV() })], ['{ namespace }', () => ({ namespace: userObjectsNamespace() })]]) {
  it(`revocation: ${name}: the kept device's logout after "sign out of my other devices" leaves nothing to count`, async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie: { secrets: ['kept-device-sign-out-secret-0123'], maxAge: 3600 }, userKey: 'userId', revocation: revocation() });
    const signIn = withSession(storage, (request, { session }) => {
      session.set('userId', 'ada');
      return new Response('in');
    });
    const revokeOthers = withSession(storage, async (request, { session }) => Response.json(await storage.revokeUserSessions('ada', { except: session })));
    const laptop = cookiesOf(await signIn(get()));
    clock.now += 1_000;
    await signIn(get()); // the phone
    clock.now += 1_000;
    const kept = await revokeOthers(get(laptop));
    assert.equal(await kept.json(), 1, 'the phone');
    const keptCookie = cookiesOf(kept) || laptop;
    assert.equal((await storage.getSession(keptCookie)).get('userId'), 'ada', 'the laptop stays');
    clock.now += 1_000;
    await storage.destroySession(await storage.getSession(keptCookie));
    clock.now += 1_000;
    assert.equal(await storage.revokeUserSessions('ada'), 0, 'the laptop signed out: nothing left to end');
  });
}
