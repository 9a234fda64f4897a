// The 403 of a token checked against a session that holds no CSRF secret says that the session's cookie may not have
// come with the request. Regression (browser pass): over a LAN address's plain http, Chromium drops a Secure cookie,
// so every form post was refused "wrong CSRF token ... reload the page and try again", which no reload mends.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], secure: true } });
const fetch = withSession(storage, (request, { session }) => new Response(request.method === 'GET' ? csrfToken(session) : 'saved'), { csrf: true });
const post = (headers) => fetch(new Request('https://app.test/', { method: 'POST', headers: { 'Sec-Fetch-Site': 'same-origin', ...headers } }));

it('a token sent without the session cookie: the 403 names the cookie that did not come', async () => {
  const token = await (await fetch(new Request('https://app.test/'))).text();
  const refused = await post({ 'X-CSRF-Token': token });
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /^Forbidden: wrong CSRF token \(this request's session has no CSRF secret: its cookie did not come with the request/);
});

it("a token of another session beside this session's cookie: the 403 says it is not this session's", async () => {
  const page = await fetch(new Request('https://app.test/'));
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  const foreign = await (await fetch(new Request('https://app.test/'))).text();
  const refused = await post({ Cookie: cookie, 'X-CSRF-Token': foreign });
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /^Forbidden: wrong CSRF token \(it is not this session's/);
  assert.equal((await post({ Cookie: cookie, 'X-CSRF-Token': await page.text() })).status, 200);
});
