// js/core-calls.js: one call may copy "a session's data or a Cookie header, with room for an ID beside it" into WASM
// memory: 512 KiB + 1024 UTF-16 units, and one unit more is refused (core-calls.test.js). Mutation pass (s47): the
// bound made exclusive (an input of exactly that length refused with VALUE_TOO_LARGE) went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';

const MAX_INPUT_UNITS = 512 * 1024 + 1024;

it('an input of exactly the bound is copied in and read, the instance still sound; one unit more is refused', async () => {
  await createSession(); // the package entry provides the module
  const core = await loadCore();
  assert.equal(core.restoreSession('x'.repeat(MAX_INPUT_UNITS)), 0, 'taken, and read as no snapshot');
  assert.throws(() => core.restoreSession('x'.repeat(MAX_INPUT_UNITS + 1)), { name: 'SessionDataError', code: 'VALUE_TOO_LARGE' });
  assert.equal(core.isBroken(), false);
});
