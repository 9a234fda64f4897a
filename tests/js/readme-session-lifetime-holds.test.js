// README, "Session lifetime": `touchInterval` "needs `idleTimeout` and must be less than it: anything else ... is a
// `CookieOptionError`". The range of whole seconds (1 to 400 days) is held by timeouts-whole-seconds-from-1-to-400-days;
// these two rules of touchInterval had no test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, CookieOptionError } from 'edge-session';

const cookie = { secrets: ['a-test-secret-of-at-least-32-characters'] };
const refused = (pattern) => (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && pattern.test(error.message);

for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
  describe(`${make.name}: touchInterval`, () => {
    it('without idleTimeout is refused (it paces the renewal of idle sessions), absoluteTimeout or not', () => {
      assert.throws(() => make({ cookie, touchInterval: 60 }), refused(/touchInterval needs idleTimeout/));
      assert.throws(() => make({ cookie, absoluteTimeout: 3600, touchInterval: 60 }), refused(/touchInterval needs idleTimeout/));
    });

    it('equal to idleTimeout is refused, one second less is taken', () => {
      assert.throws(() => make({ cookie, idleTimeout: 60, touchInterval: 60 }), refused(/touchInterval \(60\) must be less than idleTimeout \(60\)/));
      assert.throws(() => make({ cookie, idleTimeout: 60, touchInterval: 61 }), refused(/must be less than idleTimeout/));
      make({ cookie, idleTimeout: 60, touchInterval: 59 });
    });
  });
}
