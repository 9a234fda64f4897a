// A cookie's first use makes its cookie in the core through the Embind class (js/cookie.js #createHandle), which
// the core's call guard does not wrap (js/core-calls.js; core-call-error-not-ours-breaks-the-instance.test.js lists
// it unguarded). An error not of ours escaping that constructor (a RangeError when the stack ran out inside WASM, a
// trap) leaves the instance unsound as any other call's does: the loader must replace it (README, Errors: a
// trapped instance is replaced), and the cookie work at its next use, in the new instance.
// Mutation pass (s48): #createHandle rethrowing without forgetCoreAfterTrap went unnoticed; the unsound instance
// stayed the isolate's core, and every later request ran in it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from 'edge-session';
import { loadCore } from '../../js/loader.js';

it("an error not of ours escaping the core's Cookie constructor replaces the instance; the cookie works in the next", async () => {
  await createCookie('warm').serialize(1); // the package entry provides the module
  const core = await loadCore();
  const { Cookie } = core;
  core.Cookie = function Cookie() {
    throw new RangeError('Maximum call stack size exceeded');
  };
  const cookie = createCookie('prefs', { secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] });
  try {
    await assert.rejects(cookie.serialize({ theme: 'dark' }), RangeError);
  } finally {
    core.Cookie = Cookie;
  }
  assert.notEqual(await loadCore(), core, 'the instance the error escaped is still the core');
  const header = await cookie.serialize({ theme: 'dark' });
  assert.deepEqual(await cookie.parse(header.split(';')[0]), { theme: 'dark' });
});
