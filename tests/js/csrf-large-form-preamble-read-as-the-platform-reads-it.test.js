// README, CSRF: past `maxBodyBytes` "the token is taken only where the scanner (js/form-prefix.js) reads a part
// exactly as the platform would (what browsers send ...); a form it is not sure of gets the `413`, never a guess".
// Browsers start a multipart body with its first boundary; one with text before it (a preamble) is no form the
// platform's formData() reads (Node's rejects it). A preamble as long as that first boundary line, followed by what
// reads as a `_csrf` part, is such text: the form gets the 413, and its handler never runs. Mutation pass (s52): the
// scan starting past the first boundary line's length without checking that the body begins with that line went
// unnoticed; it read the preamble's `_csrf`, and the upload reached its handler, whose formData() saw no form.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { largeFormApp } from '../helpers/large-form-app.js';

it('a large form whose _csrf sits in a preamble before its first boundary gets the 413', async () => {
  const { token, post, ran } = await largeFormApp();
  const type = 'multipart/form-data; boundary=real';
  const body =
    `${'P'.repeat('--real\r\n'.length)}Content-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
    `--real\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'x'.repeat(4096)}\r\n--real--\r\n`;
  await assert.rejects(new Response(body, { headers: { 'Content-Type': type } }).formData(), 'no form the platform reads');
  const response = await post(body, { 'Content-Type': type });
  assert.equal(response.status, 413);
  assert.equal(ran(), 0);
  // The same parts with no preamble: the token first, as an upload form sends it, passes.
  const form = body.replace(/^P+/, '--real\r\n');
  assert.equal((await post(form, { 'Content-Type': type })).status, 200);
  assert.equal(ran(), 1);
});
