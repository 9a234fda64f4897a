// js/core-calls.js: "Any other error a call lets through (a JS RangeError when the stack ran out inside WASM, a trap)
// leaves the instance unsound: the core is then broken (isBroken()), and every later call throws" (CORE_RESET; free
// does nothing), so the loader replaces it (README, Errors: a trapped instance is replaced). Each call is tried with
// arguments whose use throws a RangeError, as the stack running out there would. Mutation pass (s47): record
// left unguarded (an escaping RangeError kept the instance) went unnoticed; only get's guard met a stack overflow.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';

/** The calls with no guard, each for its reason: bookkeeping in JS, the Embind class, or no argument to throw in. */
const UNGUARDED = new Set(['module', 'Cookie', 'watch', 'unwatch', 'leaveParking', 'isBroken', 'liveSessionCount']);

/** An argument that throws where a call uses it (a length, a number WebAssembly converts), as a stack running out. */
const stackRanOut = () => {
  throw new RangeError('Maximum call stack size exceeded');
};
const poison = { valueOf: stackRanOut, toString: stackRanOut, get length() { return stackRanOut(); } };

it('every core call an error not of ours escapes marks the instance broken; the next loadCore replaces it', async () => {
  await createSession(); // the package entry provides the module
  const names = Object.keys(await loadCore()).filter((name) => !UNGUARDED.has(name));
  assert.ok(names.length >= 30, `the calls: ${names.join(', ')}`);
  for (const name of names) {
    const core = await loadCore();
    assert.equal(core.isBroken(), false, `${name}: a sound instance to begin with`);
    // A RangeError where the argument is used; for commit and provideNonce, the TypeError of a nonce that is none
    // (checkNonce) comes first: no error of ours either.
    assert.throws(() => core[name](poison, poison, poison, poison, poison), ['commit', 'provideNonce'].includes(name) ? TypeError : RangeError, name);
    assert.equal(core.isBroken(), true, `${name}: the escaping RangeError broke the instance`);
    assert.throws(() => core.size(0), { code: 'CORE_RESET' }, `${name}: later calls throw`);
    assert.equal(core.free(0), undefined, `${name}: free does nothing`);
    assert.notEqual(await loadCore(), core, `${name}: replaced`);
  }
  const session = await createSession({ a: 1 });
  assert.equal(session.get('a'), 1);
  session.dispose();
});
