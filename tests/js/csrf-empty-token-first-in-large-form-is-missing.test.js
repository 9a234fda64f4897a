// README, CSRF: "a form body over `maxBodyBytes` with its `_csrf` field in its first bytes (an upload form, the token
// first)" is "checked as any form", and a form with no token gets "`missing CSRF token`" (403). An empty `_csrf` field
// there (a page that rendered no token into it) is such a field: the form is checked and refused as missing its
// token, not answered with the 413 that tells the user to put the field first, which it is. Mutation pass (s46): the
// prefix scan's empty value taken as no field went unnoticed; the upload got the 413.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';

it('an upload past maxBodyBytes whose first field is an empty _csrf gets the 403 missing CSRF token, not the 413', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  let ran = 0;
  const app = withSession(storage, (request, { session }) => {
    if (request.method === 'GET') return new Response(csrfToken(session));
    ran++;
    return new Response('stored');
  }, { csrf: { maxBodyBytes: 1024 } });
  const page = await app(new Request(`${ORIGIN}/`));
  await page.text();
  const headers = { Cookie: page.headers.getSetCookie()[0].split(';')[0], Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' };
  const multipart = new FormData();
  multipart.set('_csrf', '');
  multipart.set('file', new Blob(['x'.repeat(4096)]), 'notes.txt');
  for (const body of [`_csrf=&file=${'x'.repeat(4096)}`, multipart]) {
    const type = typeof body === 'string' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {};
    const response = await app(new Request(`${ORIGIN}/upload`, { method: 'POST', headers: { ...headers, ...type }, body }));
    assert.equal(response.status, 403, typeof body);
    assert.match(await response.text(), /missing CSRF token/);
  }
  assert.equal(ran, 0);
});
