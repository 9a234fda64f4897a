// The cookie storage's destroySession() of the request's own session once its response is sent (a body still
// streaming, a job in ctx.waitUntil): no response can carry the expiring cookie, and the cookie is the session, so
// the logout cannot be made. It throws SESSION_ENDED, as that session's commit and destroy() do, and records no
// sign-out (with `revocation`, the sign-in stays counted: the cookie still opens it). Regression (streamed-responses
// pass, s38): it returned an expiring header nobody sent, recorded the sign-out, and the old cookie still opened the
// session. A server-side storage's late destroySession still deletes the record (a logout made).
// (tests/workerd/streamed-responses.test.js: the same inside workerd, over KV and Durable Objects.)
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789abcdef'] };
const pair = (response) => response.headers.getSetCookie().find((h) => h.startsWith('__session='))?.split(';')[0];

function app(storage) {
  let late;
  const fetch = withSession(storage, (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/in') {
      session.set('user', 'ada');
      return new Response('in');
    }
    if (path === '/whoami') return new Response(String(session.get('user')));
    late = new Promise((resolve) => setTimeout(resolve, 5)).then(() => storage.destroySession(session));
    late.catch(() => {});
    return new Response(new ReadableStream({ async start(controller) { await late.catch(() => {}); controller.close(); } }));
  });
  return { fetch, late: () => late };
}

it('cookie storage: destroySession of the request\'s session after its response throws SESSION_ENDED and records no sign-out', async () => {
  const storage = createCookieSessionStorage({ cookie, userKey: 'user', revocation: { kv: mapKV() } });
  const { fetch, late } = app(storage);
  const signedIn = pair(await fetch(new Request('http://example.test/in')));
  const response = await fetch(new Request('http://example.test/stream', { headers: { Cookie: signedIn } }));
  await response.text();
  await assert.rejects(late(), { name: 'SessionDataError', code: 'SESSION_ENDED' });
  assert.equal(await (await fetch(new Request('http://example.test/whoami', { headers: { Cookie: signedIn } }))).text(), 'ada');
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'the sign-in the cookie still opens is still counted');
});

it('memory storage: destroySession of the request\'s session after its response deletes its record', async () => {
  const storage = createMemorySessionStorage({ cookie, userKey: 'user' });
  const { fetch, late } = app(storage);
  const signedIn = pair(await fetch(new Request('http://example.test/in')));
  await (await fetch(new Request('http://example.test/stream', { headers: { Cookie: signedIn } }))).text();
  assert.match(await late(), /Max-Age=0/);
  assert.equal(await (await fetch(new Request('http://example.test/whoami', { headers: { Cookie: signedIn } }))).text(), 'undefined');
  assert.deepEqual(await storage.listUserSessions('ada'), []);
});
