// idleTimeout, absoluteTimeout and touchInterval are whole seconds from 1 to 400 days (the longest a browser keeps
// a cookie, RFC 6265bis; lifetime.js MAX_COOKIE_LIFETIME_S), refused otherwise with a CookieOptionError that says so.
// Above all 0 is refused: taken, it would read as "no timeout" and a session meant to end would live on. No test held
// either end: 0 taken, 400 days refused, or 400 days and a second taken passed the Node suites. null is refused too (an
// unset setting read as `env.IDLE_TIMEOUT ?? null`): README's "anything else ... is a CookieOptionError", not no timeout.
// Mutation pass (s47): null taken as not given (`value == null`) went unnoticed; such a storage ended no session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, CookieOptionError } from 'edge-session';

const cookie = { secrets: ['timeouts-whole-seconds'] };
const DAYS_400 = 400 * 24 * 3600;
const refused = (name, value) => (error) =>
  error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && error.message.includes(`${name} must be a whole number of seconds from 1 to ${DAYS_400}`);

describe('Timeouts are whole seconds from 1 to 400 days', () => {
  for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
    for (const name of ['idleTimeout', 'absoluteTimeout']) {
      it(`${make.name}: ${name} 1 and 400 days are taken; 0, -1, 0.5, 400 days and a second, and null are refused`, () => {
        make({ cookie, [name]: 1 });
        make({ cookie, [name]: DAYS_400 });
        for (const value of [0, -1, 0.5, DAYS_400 + 1, null]) assert.throws(() => make({ cookie, [name]: value }), refused(name, value), `${name}: ${value}`);
      });
    }

    it(`${make.name}: touchInterval 1 is taken under idleTimeout 2; 0, -1 and null are refused`, () => {
      make({ cookie, idleTimeout: 2, touchInterval: 1 });
      for (const value of [0, -1, null]) assert.throws(() => make({ cookie, idleTimeout: 2, touchInterval: value }), refused('touchInterval', value), `touchInterval: ${value}`);
    });
  }
});
