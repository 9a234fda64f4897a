// A session grown past its cookie answers 500, and the log was all a developer got: the error's sizes
// ("would be 6991 bytes, over the browser limit of 4096 bytes") and nothing on what to do. The log now says it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSessionStorage, withSession } from 'edge-session';

const secret = 'a-secret-of-at-least-32-characters-long';

test('the 500 of a session too large for its cookie logs what to do: keep less, chunks, or a server-side storage', async (t) => {
  const logged = [];
  t.mock.method(console, 'error', (...args) => logged.push(args.map(String).join(' ')));
  const storage = createCookieSessionStorage({ cookie: { name: '__Host-session', secrets: [secret], secure: true } });
  const fetch = withSession(storage, (request, { session }) => {
    session.set('notes', 'x'.repeat(5000));
    return new Response('ok');
  });
  const response = await fetch(new Request('https://example.test/'), {}, { waitUntil() {}, passThroughOnException() {} });
  assert.equal(response.status, 500);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /could not be saved: CookieTooLargeError/);
  assert.match(logged[0], /Keep less in the session/);
  assert.match(logged[0], /chunks: N/);
  assert.match(logged[0], /Workers KV, Durable Objects/);
});

test('a 500 of a storage that failed logs no such advice', async (t) => {
  const logged = [];
  t.mock.method(console, 'error', (...args) => logged.push(args.map(String).join(' ')));
  const storage = createSessionStorage({
    cookie: { name: '__Host-session', secrets: [secret], secure: true },
    createData: async () => { throw new Error('database down'); },
    readData: async () => null,
    updateData: async () => {},
    deleteData: async () => {},
  });
  const fetch = withSession(storage, (request, { session }) => {
    session.set('user', 'ada');
    return new Response('ok');
  });
  const response = await fetch(new Request('https://example.test/'), {}, { waitUntil() {}, passThroughOnException() {} });
  assert.equal(response.status, 500);
  assert.equal(logged.length, 1);
  assert.doesNotMatch(logged[0], /Keep less/);
});
