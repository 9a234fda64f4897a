// After a call an error not of ours escaped (a trap, the stack running out inside WebAssembly), the next loadCore
// replaces the instance (README, Errors: a trapped instance is replaced, the next request gets a sound one): one new
// instance, however many requests ask for it while it is being made. Mutation pass (s50): the dropped instance kept
// as the current one until its replacement was made went unnoticed; each request asking meanwhile dropped the
// replacement under way and made its own, a WebAssembly instance per request, each ending the ones before it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';
import { breakTheInstanceWithAStackOverflow } from './broken-core.js';

it('requests that ask for the core at once after a trap get one new instance, and their sessions work', async () => {
  await createSession(); // the package entry provides the module
  const broken = await loadCore();
  await breakTheInstanceWithAStackOverflow();
  const [first, second, third] = await Promise.all([loadCore(), loadCore(), loadCore()]);
  assert.notEqual(first, broken, 'replaced');
  assert.equal(second, first, 'one instance made for all of them');
  assert.equal(third, first);

  await breakTheInstanceWithAStackOverflow();
  const sessions = await Promise.all([createSession({ a: 1 }), createSession({ b: 2 })]);
  assert.deepEqual(sessions.map((session) => session.get('a') ?? session.get('b')), [1, 2]);
  for (const session of sessions) session.dispose();
});
