// README, CSRF: with "neither `Sec-Fetch-Site` nor `Origin` (curl, a server)" the token alone decides, and a 403's body
// "says which rule failed". A request with no cookie either is told it is no browser's and holds no session (a
// webhook: keep its route out of the check); one that brings the session's cookie (a script with a saved cookie jar)
// holds a session whose token it can send, and must be told so. Mutation pass (s46): the Cookie left out of that
// judgement (fromServer) went unnoticed; such a client was told its request had "no cookie" and to exempt the route.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

it('a post with the session cookie but no Origin, Sec-Fetch-Site or token is told to send the token', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const app = withSession(storage, (request, { session }) => new Response(request.method === 'GET' ? csrfToken(session) : 'posted'), { csrf: true });
  const page = await app(new Request('https://app.example/'));
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  for (const [body, type] of [['note=hi', 'application/x-www-form-urlencoded'], ['{"note":"hi"}', 'application/json']]) {
    const refused = await app(new Request('https://app.example/notes', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': type }, body }));
    assert.equal(refused.status, 403);
    const text = await refused.text();
    assert.match(text, /missing CSRF token/, type);
    assert.match(text, /X-CSRF-Token header/, type);
    assert.doesNotMatch(text, /no cookie|keep its route out of the check/, type);
  }
});
