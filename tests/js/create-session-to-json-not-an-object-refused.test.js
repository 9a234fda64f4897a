// createSession(data) takes what JSON.stringify makes of data, so a toJSON() decides what is stored; one that gives
// something other than an object (a number, an array, a string) is refused with INVALID_VALUE (session.js: the core
// makes no session of it), never a session over nothing. Mutation pass: without the check such data made a Session
// on a null pointer, and passed the Node suites (coverage: the lines were never run).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, SessionDataError } from 'edge-session';

it('createSession of data whose toJSON() gives a number, an array or a string rejects with INVALID_VALUE', async () => {
  for (const made of [5, [1, 2], 'text']) {
    await assert.rejects(
      createSession({ toJSON: () => made }),
      (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE' && /must serialise to a JSON object/.test(error.message),
      JSON.stringify(made),
    );
  }
  const fine = await createSession({ toJSON: () => ({ userId: 'ada' }) });
  assert.equal(fine.get('userId'), 'ada');
});
