// README (Signing out everywhere, cookie sessions): when the store fails after the revocation's time is written "the
// revocation is made, the device `except` keeps is kept, and the error is logged"; the record of a sign-in is best
// effort. With `revocation: { namespace }` the kept device's new sign-in is recorded in the user's object after the
// mark: should that record fail (an overloaded object), "sign out of my other devices" still answers its count and
// the device that asked stays signed in. Mutation pass (s50): the kept record's failure not caught
// (keptSignInNotRecorded) went unnoticed for { namespace } (tests/js/kept-device-revocation-fails-after-mark holds
// { kv }'s); under withSession it was a 500 and the device that asked was signed out with the others.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { pairOf } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

/** The namespace whose users' objects fail userRegister while `failing.on`. */
function registerFailingNamespace() {
  const namespace = userObjectsNamespace();
  const failing = { on: false };
  const objectOf = namespace.get;
  namespace.get = (name) => {
    const object = objectOf(name);
    if (object.userRegister === undefined) return object;
    return {
      ...object,
      async userRegister(...args) {
        if (failing.on) throw new Error('injected: Durable Object is overloaded');
        return object.userRegister(...args);
      },
    };
  };
  return { namespace, failing };
}

it('revocation: { namespace }: "sign out of my other devices" whose record of the kept sign-in fails answers its count and keeps the device', async (t) => {
  const errors = [];
  t.mock.method(console, 'error', (...args) => errors.push(args.join(' ')));
  const { namespace, failing } = registerFailingNamespace();
  const storage = createCookieSessionStorage({ cookie: { secrets: ['namespace-kept-record-fails-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { namespace } });
  const app = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/in') session.set('userId', 'ada');
    if (path === '/others') {
      failing.on = true;
      try {
        return Response.json(await storage.revokeUserSessions('ada', { except: session }));
      } finally {
        failing.on = false;
      }
    }
    return new Response(String(session.get('userId') ?? 'none'));
  });
  const at = (path, cookie) => app(new Request(`https://example.com${path}`, { headers: cookie ? { Cookie: cookie } : {} }));
  const laptop = cookiesOf(await at('/in'));
  clock.now += 1_000;
  const phone = cookiesOf(await at('/in'));
  clock.now += 1_000;
  const response = await at('/others', laptop).catch((error) => ({ status: 500, error, headers: new Headers() }));
  assert.equal(response.status, 200, `the revocation was made, yet it answered ${response.status}`);
  assert.equal(await response.json(), 1, 'the phone');
  assert.equal(await (await at('/who', phone)).text(), 'none', 'the phone is signed out');
  assert.equal(await (await at('/who', cookiesOf(response) || laptop)).text(), 'ada', 'the laptop that asked stays');
  assert.ok(errors.some((line) => /injected/.test(line)), 'the failed record is logged');
});
