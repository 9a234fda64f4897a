// README (Choices): "Storage factories refuse option names they do not know (`CookieOptionError` `INVALID_OPTIONS`
// naming it) ... a misspelt `idleTimout` would otherwise leave every session without its timeout". A misspelt name
// given `undefined` is refused too: written with a condition (`idleTimout: env.IDLE ? Number(env.IDLE) : undefined`,
// as tests/js/options-given-undefined.test.js has the right name), it would be refused only where the variable is
// set, and pass every test run without it. Mutation pass (s48): unknown names holding undefined left out of the
// check went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createCookieSessionStorage, createMemorySessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { secrets: ['unknown-option-given-undefined-00000'] };

it('every factory refuses a misspelt option whose value is undefined', () => {
  for (const [factory, create] of [
    ['createCookieSessionStorage', (options) => createCookieSessionStorage(options)],
    ['createMemorySessionStorage', (options) => createMemorySessionStorage(options)],
    ['createWorkersKVSessionStorage', (options) => createWorkersKVSessionStorage({ kv: mapKV(), ...options })],
  ]) {
    assert.throws(
      () => create({ cookie, idleTimout: undefined }),
      (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && error.message === `${factory}: unknown option "idleTimout"`,
      factory,
    );
  }
});
