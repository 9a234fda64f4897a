// Regression (second adversarial pass over the fixes of 2026-12-05); as found, before the fix:
// keepFromSharedCaches (js/request-lifecycle.js) splits the app's Cache-Control at every ',' and drops each part
// that begins with public / s-maxage / proxy-revalidate, quoted-strings included (RFC 9111 5.2: `private` and
// `no-cache` take a quoted list of field names). A field name there beginning with "Public" (Public-Key-Pins) is
// dropped as if it were the `public` directive, and the closing quote goes with it: the header sent is malformed
// (an unterminated quoted-string), which a strict parser rejects whole. Expected: directives split outside quotes.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

it("a quoted field list in the app's Cache-Control is kept whole", async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], httpOnly: true, secure: true } });
  const app = withSession(storage, (request, { session }) => {
    session.set('userId', 'ada');
    return new Response('hi', { headers: { 'Cache-Control': 'max-age=60, no-cache="Set-Cookie, Public-Key-Pins"' } });
  });
  const response = await app(new Request('https://app.test/'));
  assert.equal(response.headers.getSetCookie().length, 1);
  assert.equal(response.headers.get('Cache-Control'), 'private, max-age=60, no-cache="Set-Cookie, Public-Key-Pins"');
});
