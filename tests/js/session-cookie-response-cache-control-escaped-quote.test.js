// README (withSession): a response that sets a session's cookie is kept from shared caches (`private`), the app's
// own Cache-Control directives for the browser kept as they were. A quoted-string of that value may hold an escaped
// quote (RFC 9110 5.6.4, a quoted-pair): it does not end the string, so a comma after it is no directive's end.
// Mutation pass (s45): directivesOf taking `\"` for the closing quote went unnoticed; the rest of the string was
// then cut into directives, one of them taken for `public` and dropped, and the value sent was malformed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

it("an escaped quote in a quoted-string of the app's Cache-Control does not end it", async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] } });
  const given = 'max-age=60, no-cache="X-Note\\", Public-Key-Pins"';
  const app = withSession(storage, (request, { session }) => {
    session.set('userId', 'ada');
    return new Response('hi', { headers: { 'Cache-Control': given } });
  });
  const response = await app(new Request('https://app.test/'));
  assert.equal(response.headers.getSetCookie().length, 1);
  assert.equal(response.headers.get('Cache-Control'), `private, ${given}`);
});
