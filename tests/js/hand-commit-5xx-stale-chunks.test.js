// Regression (model-based lifecycle audit): a handler's own one-cookie commitSession of a session that shrank from
// several chunks, on a 5xx response, left the browser's chunk cookies in place; on a 2xx, and for a hand
// destroySession on the same 5xx, the lifecycle adds their expirations.
// README "Sessions beyond one cookie": "When a handler under them calls `commitSession` or `destroySession`
// itself, its one header cannot also expire the chunks the browser holds and the session no longer uses: they add
// those expirations (...), provided the handler's header is in the response".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { applySetCookies, cookieHeader } from './model-jar.js';

async function afterHandCommit(status, how) {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, chunks: 4 });
  const jar = new Map();
  const big = withSession(storage, (request, { session }) => (session.set('big', 'y'.repeat(6000)), new Response('ok')));
  applySetCookies(jar, (await big(new Request('http://app.test/'), {}, {})).headers.getSetCookie());
  assert.ok(jar.has('__session.1'), 'the session spans several cookies');
  const shrink = withSession(storage, async (request, { session }) => {
    session.unset('big');
    session.set('a', 1);
    const header = how === 'commit' ? await storage.commitSession(session) : await storage.destroySession(session);
    return new Response('x', { status, headers: { 'Set-Cookie': header } });
  });
  const response = await shrink(new Request('http://app.test/', { headers: { Cookie: cookieHeader(jar) } }), {}, {});
  applySetCookies(jar, response.headers.getSetCookie());
  return [...jar.keys()].sort();
}

test('hand commitSession on a 200: stale chunks expired', async () => {
  assert.deepEqual(await afterHandCommit(200, 'commit'), ['__session']);
});
test('hand destroySession on a 500: stale chunks expired', async () => {
  assert.deepEqual(await afterHandCommit(500, 'destroy'), []);
});
test('hand commitSession on a 500: stale chunks expired too', async () => {
  assert.deepEqual(await afterHandCommit(500, 'commit'), ['__session']);
});
