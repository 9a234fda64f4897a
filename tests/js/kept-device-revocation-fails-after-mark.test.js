// "Sign out of my other devices" on the cookie storage (`revocation: { kv }`): once the mark is written the revocation
// is made (every other device reads as signed out). Whatever of its bookkeeping then fails (the list of the user's
// recorded sign-ins, a delete of one of them), it must not throw STORAGE_FAILED: under withSession the handler's
// error commits nothing, and the device that asked to stay signed in is signed out with the others (its cookie
// predates the mark). First the kept device's own new sign-in record (errors-swallowed pass), then the rest
// (adversarial pass on f1e8f46, which made only that record best effort).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const cookie = { name: '__session', secrets: ['a-long-enough-secret-for-the-tests-0123456789'] };

/** A KV whose `nth` `method` call on the user's sign-in keys fails while `failing.on` is set. */
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
      failing.on = true;
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

/** Two devices of ann sign in; the first signs out the other while the backend falters: its answer, what was logged. */
async function signOutOthers(storage, failing) {
  const app = appOver(storage, failing);
  const a = sessionCookieOf(await send(app, '/in'));
  const b = sessionCookieOf(await send(app, '/in'));
  const errors = [];
  const logged = console.error;
  console.error = (...args) => errors.push(args.join(' '));
  try {
    const response = await send(app, '/others', a).catch((error) => ({ status: 500, error, headers: new Headers() }));
    return { app, a, b, response, errors };
  } finally {
    console.error = logged;
  }
}

for (const [method, nth, what] of [['list', 1, 'the list of the sign-ins it ends'], ['delete', 1, 'the delete of an ended sign-in']]) {
  describe(`cookie storage, "sign out of my other devices" whose ${what} fails after the mark`, () => {
    it('keeps the device that asked (the others are signed out)', async () => {
      const { kv, failing } = kvFailingSignIns(method, nth);
      const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
      const { app, a, b, response } = await signOutOthers(storage, failing);
      assert.equal(await who(app, b), 'none', 'the other device is signed out: the revocation was made');
      const kept = sessionCookieOf(response);
      assert.equal(await who(app, kept ?? a), 'ann', 'the device that asked stays signed in');
      assert.equal(response.status, 200, `the revocation was made, yet it answered ${response.status} (${response.error?.code})`);
    });
  });
}

/**
 * tests/helpers/user-objects-namespace.js's namespace, `failing.settle` failing its user objects' userSettleEnded (an
 * overloaded object) once.
 */
function settleFailingNamespace() {
  const namespace = userObjectsNamespace();
  const failing = { settle: false };
  const objectOf = namespace.get;
  namespace.get = (name) => {
    const object = objectOf(name);
    const settle = object.userSettleEnded;
    if (settle === undefined) return object;
    return {
      ...object,
      async userSettleEnded(ids) {
        if (failing.settle) {
          failing.settle = false;
          throw new Error('injected: Durable Object is overloaded');
        }
        return settle(ids);
      },
    };
  };
  return { namespace, failing };
}

describe('cookie storage (revocation: { namespace }), "sign out of my other devices" whose settling of the ended sign-ins fails after the mark', () => {
  it('keeps the device that asked (the others are signed out)', async () => {
    const { namespace, failing } = settleFailingNamespace();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace } });
    const flag = { set on(value) { failing.settle = value; } };
    const { app, a, b, response } = await signOutOthers(storage, flag);
    assert.equal(await who(app, b), 'none', 'the other device is signed out: the revocation was made');
    assert.equal(await who(app, sessionCookieOf(response) ?? a), 'ann', 'the device that asked stays signed in');
    assert.equal(response.status, 200, `the revocation was made, yet it answered ${response.status} (${response.error?.code})`);
  });
});

// The kept device's new sign-in record (the put, or the list that follows it to count), bookkeeping as every commit's
// record of a sign-in is (README: the sign-in succeeds and the error is logged).
for (const [method, nth] of [['put', 1], ['list', 2]]) {
  describe(`cookie storage, "sign out of my other devices" whose record of the kept sign-in fails (${method})`, () => {
    it('answers the revocation made, and keeps the device that asked', async () => {
      const { kv, failing } = kvFailingSignIns(method, nth);
      const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
      const { app, b, response, errors } = await signOutOthers(storage, failing);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '1', 'one other device ended');
      assert.equal(await who(app, b), 'none', 'the other device is signed out');
      assert.equal(await who(app, sessionCookieOf(response)), 'ann', 'the device that asked stays signed in');
      assert.ok(errors.some((line) => /injected/.test(line)), 'the failed record is logged');
    });
  });
}
