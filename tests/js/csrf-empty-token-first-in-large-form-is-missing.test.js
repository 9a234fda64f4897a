// README, CSRF: "a form body over `maxBodyBytes` with its `_csrf` field in its first bytes (an upload form, the token
// first)" is "checked as any form", and a form with no token gets "`missing CSRF token`" (403). An empty `_csrf` field
// there (a page that rendered no token into it) is such a field: the form is checked and refused as missing its
// token, not answered with the 413 that tells the user to put the field first, which it is. Mutation pass (s46): the
// prefix scan's empty value taken as no field went unnoticed; the upload got the 413.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { largeFormApp } from '../helpers/large-form-app.js';

it('an upload past maxBodyBytes whose first field is an empty _csrf gets the 403 missing CSRF token, not the 413', async () => {
  const { post, ran } = await largeFormApp();
  const multipart = new FormData();
  multipart.set('_csrf', '');
  multipart.set('file', new Blob(['x'.repeat(4096)]), 'notes.txt');
  for (const body of [`_csrf=&file=${'x'.repeat(4096)}`, multipart]) {
    const type = typeof body === 'string' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {};
    const response = await post(body, type);
    assert.equal(response.status, 403, typeof body);
    assert.match(await response.text(), /missing CSRF token/);
  }
  assert.equal(ran(), 0);
});
