// Storage factories refuse option names they do not know: a misspelt `idleTimeout` silently dropped would leave
// every session without the timeout the app meant to set.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CookieOptionError,
  createCookieSessionStorage,
  createFileSessionStorage,
  createMemorySessionStorage,
  createSessionStorage,
  createWorkersKVSessionStorage,
} from 'edge-session';

const cookie = { secrets: ['s3cr3t'] };

describe('Storage options', () => {
  // The Durable Object storage's is in tests/workerd/example-revocation.test.js (only workerd can make one).
  it('every factory refuses an unknown option with a CookieOptionError naming it', () => {
    const factories = {
      createCookieSessionStorage,
      createMemorySessionStorage,
      createFileSessionStorage,
      createSessionStorage,
      createWorkersKVSessionStorage,
    };
    for (const [factory, create] of Object.entries(factories)) {
      assert.throws(
        () => create({ cookie, idleTimout: 1800 }),
        (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && error.message === `${factory}: unknown option "idleTimout"`,
        factory,
      );
    }
  });

  // A format the cookie storage does not know ('remix', a case slip) would be taken for none at all, and the error
  // come at the first request. Mutation pass (s39): no test held the check.
  it("the cookie storage refuses a format it does not know, naming the two it does, when it is made", () => {
    for (const format of ['remix', 'React-Router', '', null]) {
      assert.throws(
        () => createCookieSessionStorage({ cookie, format }),
        (error) => error instanceof CookieOptionError && error.message === `Unknown cookie format "${format}" (expected "react-router" or "remix-v3")`,
        String(format),
      );
    }
  });

  // Without userKey a cookie names no user: the revocation option would look nothing up and void nothing, a
  // "sign out everywhere" that signs nobody out. Mutation pass (s39): no test held the refusal.
  it('the cookie storage refuses revocation without userKey, when it is made', () => {
    const kv = { get: async () => null, put: async () => {} };
    assert.throws(() => createCookieSessionStorage({ cookie, revocation: { kv } }), (error) => error instanceof CookieOptionError && /revocation needs userKey/.test(error.message));
    createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  });

  it('an option given as undefined is no unknown one', () => {
    assert.doesNotThrow(() => createMemorySessionStorage({ cookie, idleTimeout: undefined, userKey: undefined }));
  });
});
