// README (Errors): SEVERAL_COOKIES is "no overflow" (a chunked session committed through commitSession, which returns
// one Set-Cookie), and INVALID_USER_ID is no size at all. The 500 log's advice for a session too large to write
// ("Keep less in the session", tests/js/too-large-session-log-says-what-to-do.test.js) is for COOKIE_TOO_LARGE and
// VALUE_TOO_LARGE only: given for these, it would send the developer to trim a session whose fault is elsewhere.
// Mutation pass (s48): isTooLargeToWrite taking any CookieTooLargeError, and any SessionDataError, went unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';

const secrets = ['too-large-advice-only-for-an-overflow-0'];
const ctx = { waitUntil() {}, passThroughOnException() {} };

/** The console.error lines of one withSession request whose handler runs `change(session)`. */
async function loggedFor(t, storage, change) {
  const logged = [];
  t.mock.method(console, 'error', (...args) => logged.push(args.map(String).join(' ')));
  const fetch = withSession(storage, (request, { session }) => {
    change(session);
    return new Response('ok');
  });
  const response = await fetch(new Request('https://example.test/'), {}, ctx);
  assert.equal(response.status, 500);
  assert.equal(logged.length, 1);
  return logged[0];
}

test('SEVERAL_COOKIES, a chunked storage wrapped without commitSessionHeaders: the log names the error, and no advice to keep less', async (t) => {
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks: 3 });
  // An app's own wrapper (logging, metrics) that forwards the three methods Remix's storages have.
  const wrapped = {
    getSession: (header, options) => base.getSession(header, options),
    commitSession: (session, options) => base.commitSession(session, options),
    destroySession: (session, options) => base.destroySession(session, options),
  };
  const line = await loggedFor(t, wrapped, (session) => session.set('notes', 'n'.repeat(5000)));
  assert.match(line, /CookieTooLargeError: .*use commitSessionHeaders/);
  assert.doesNotMatch(line, /Keep less/);
});

test('INVALID_USER_ID, a commit of a session whose userKey value is no user ID: no advice to keep less', async (t) => {
  const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets }, userKey: 'userId' });
  const line = await loggedFor(t, storage, (session) => session.set('userId', { id: 1 }));
  assert.match(line, /SessionDataError: .*must be a user ID/);
  assert.doesNotMatch(line, /Keep less/);
});
