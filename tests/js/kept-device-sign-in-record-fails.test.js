// "Sign out of my other devices" on the cookie storage (`revocation: { kv }`): the revocation's mark is written and the
// other sign-ins ended, then the kept device's new sign-in is recorded (what later counts it). That record is
// bookkeeping, best effort in every commit (README: "if the store fails to write it, the sign-in or logout still
// succeeds, and the error is logged"). Its failure here must not turn a revocation that was made into a thrown
// STORAGE_FAILED: under withSession the handler's error commits nothing, and the device that asked to stay signed in
// is signed out with the others (its cookie predates the mark), while the user is told that nothing happened.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['a-long-enough-secret-for-the-tests-0123456789'] };

/**
 * A KV whose `nth` put (or list) of the user's sign-in keys fails while `failing.on` is set: the put of the kept
 * device's new sign-in (the first), or the list that follows it (the second: the first counts what the revocation
 * ended, and is needed for its answer).
 */
function kvFailingSignIns(method, nth) {
  const kv = mapKV();
  const failing = { on: false };
  const original = kv[method].bind(kv);
  let seen = 0;
  kv[method] = async (arg, ...rest) => {
    const key = typeof arg === 'string' ? arg : arg?.prefix;
    if (failing.on && String(key).includes(':sign-in:') && ++seen === nth) throw new Error(`injected ${method} failure`);
    return original(arg, ...rest);
  };
  return { kv, failing };
}

function appOver(storage, failing) {
  return withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/in') {
      session.set('userId', 'ann');
      return new Response('in');
    }
    if (path === '/others') {
      failing.on = true; // the backend falters during the revocation only
      try {
        return new Response(String(await storage.revokeUserSessions('ann', { except: session })));
      } finally {
        failing.on = false;
      }
    }
    return new Response(String(session.get('userId') ?? 'none'));
  });
}

const send = (app, path, cookieHeader, method = 'POST') =>
  app(new Request(`https://x${path}`, { method, headers: cookieHeader ? { Cookie: cookieHeader } : {} }));
const sessionCookieOf = (response) => response.headers.getSetCookie().map(cookiePair).find((pair) => pair.startsWith('__session='));
const who = async (app, cookieHeader) => (await send(app, '/who', cookieHeader, 'GET')).text();

for (const [method, nth] of [['put', 1], ['list', 2]]) {
  describe(`cookie storage, "sign out of my other devices" whose record of the kept sign-in fails (${method})`, () => {
    it('answers the revocation made, and keeps the device that asked', async () => {
      const { kv, failing } = kvFailingSignIns(method, nth);
      const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
      const app = appOver(storage, failing);
      const a = sessionCookieOf(await send(app, '/in'));
      const b = sessionCookieOf(await send(app, '/in'));
      const errors = [];
      const logged = console.error;
      console.error = (...args) => errors.push(args.join(' '));
      let response;
      try {
        response = await send(app, '/others', a);
      } finally {
        console.error = logged;
      }
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '1', 'one other device ended');
      assert.equal(await who(app, b), 'none', 'the other device is signed out');
      assert.equal(await who(app, sessionCookieOf(response)), 'ann', 'the device that asked stays signed in');
      assert.ok(errors.some((line) => /injected/.test(line)), 'the failed record is logged');
    });
  });
}
