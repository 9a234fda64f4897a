// Breaking the WebAssembly instance on purpose, for the tests of what a request whose instance failed does.
import assert from 'node:assert/strict';
import { createSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';

/** Makes a call into the core run out of stack inside WebAssembly (the error issue 10.2 is about). */
export async function breakTheInstanceWithAStackOverflow() {
  (await instanceBreaker())();
}

/**
 * A function that breaks the instance at once, with no await: for a failure at a chosen point of a call under way
 * (between two of its awaits), as another request's trap lands there.
 */
export async function instanceBreaker() {
  const core = await loadCore();
  const victim = await createSession({ k: { a: 'x'.repeat(300) } });
  function dive() {
    try {
      dive();
    } catch {
      // unwinding: each level calls the core again, until one call overflows inside it
    }
    victim.get('k');
  }
  return () => {
    for (let i = 0; i < 50 && !core.isBroken(); i++) {
      try {
        dive();
      } catch {
        // expected
      }
    }
    assert.ok(core.isBroken(), 'a call overflowed the stack inside WebAssembly');
  };
}
