// README (CSRF, rule 1): without Sec-Fetch-Site, "Origin must be the request URL's own origin or a trusted one (null,
// an opaque origin, never is)". The 403 for `Origin: null` said "list it in csrf.trustedOrigins to allow it.", and
// listing "null" there is a TypeError: the message sent the developer to a setting that cannot exist.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

it('Origin: null is refused with a 403 that does not send the developer to trustedOrigins', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] } });
  const app = withSession(storage, (request, { session }) => new Response(request.method === 'POST' ? 'posted' : csrfToken(session)), { csrf: true });
  const page = await app(new Request('http://app.test/'));
  const token = await page.text();
  const cookie = page.headers.get('Set-Cookie').split(';')[0];
  const refused = await app(new Request('http://app.test/', { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': token, Origin: 'null' } }));
  assert.equal(refused.status, 403);
  const text = await refused.text();
  assert.throws(() => withSession(storage, () => new Response(), { csrf: { trustedOrigins: ['null'] } }), TypeError);
  assert.doesNotMatch(text, /list it in csrf\.trustedOrigins/, text);
  assert.match(text, /opaque/, text);
});
