// README (CSRF, rule 2): the token is "the first `_csrf` field of an application/x-www-form-urlencoded or
// multipart/form-data body (what `formData().get('_csrf')` gives)". A multipart part named `_csrf` that is a file
// gives a File there, no token: a form whose `_csrf` is a file holding the session's own token (an upload an
// attacker's page can make a browser send) is refused as missing a token, and the handler does not run; a text
// `_csrf` after it is not looked for either, as formData().get() gives the first. Mutation pass (s49): the first
// `_csrf` value taken whatever it is (a File) went unnoticed; the refusal said "wrong CSRF token".
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp, ORIGIN } from '../helpers/checked-request-app.js';

it("a multipart form whose first _csrf is a file holding the session's token is refused as missing a token", async () => {
  let handled = 0;
  const { app, token, post } = await checkedRequestApp(async () => handled++);
  const form = new FormData();
  form.append('_csrf', new Blob([token], { type: 'text/plain' }), 'token.txt');
  form.append('_csrf', token);
  const platform = await new Request(`${ORIGIN}/`, { method: 'POST', body: form }).formData();
  assert.equal(typeof platform.get('_csrf'), 'object', 'formData().get() gives the file');
  const headers = post('/notes', null).headers;
  headers.delete('Content-Type'); // the form's own multipart type, with its boundary
  const response = await app(new Request(`${ORIGIN}/notes`, { method: 'POST', headers, body: form }));
  assert.equal(response.status, 403);
  assert.match(await response.text(), /^Forbidden: missing CSRF token/);
  assert.equal(handled, 0);
});
