// README, Sessions beyond one cookie: `commitSessionHeaders(session)` commits a Session of edge-session, as
// commitSession and destroySession do; anything else (a plain object shaped like one) is refused with the same
// TypeError, before anything is written. Mutation pass (s49): commitSessionHeaders of a chunked storage without its
// checkSession went unnoticed; such an object failed deeper, with an error that did not say what was wrong.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const notASession = { id: '', data: {}, get: () => undefined, set() {}, has: () => false, unset() {}, flash() {} };

for (const method of ['commitSession', 'commitSessionHeaders', 'destroySession']) {
  it(`chunks: 3: ${method} of an object that is no Session rejects with "Expected a Session from edge-session"`, async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] }, chunks: 3 });
    await assert.rejects(storage[method](notASession), { name: 'TypeError', message: 'Expected a Session from edge-session' });
  });
}
