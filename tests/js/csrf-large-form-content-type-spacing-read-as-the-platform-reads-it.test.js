// README, CSRF: past `maxBodyBytes` "the token is taken only where the scanner (js/form-prefix.js) reads a part
// exactly as the platform would (what browsers send: a multipart `Content-Type` of the boundary alone, no other
// parameter); a form it is not sure of gets the `413`, never a guess". The platform reads a media type's parameters
// past spaces and tabs only: a Content-Type with a vertical tab, a form feed or a no-break space around its `;` or
// after its boundary gives Node's formData() no boundary it finds, and it refuses the body. Regression (s52 mutation
// pass of js/form-prefix.js): the scanner's pattern took any whitespace there (\s), read the parts by the boundary
// the platform never takes, and such an upload's `_csrf` let it through to its handler, whose formData() saw no
// form. Spaces and tabs there the platform reads, and so does the scanner.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { largeFormApp } from '../helpers/large-form-app.js';

const bodyWith = (token) =>
  `--real\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
  `--real\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'x'.repeat(4096)}\r\n--real--\r\n`;
const platformReads = (body, type) => new Request('https://app.example/', { method: 'POST', headers: { 'Content-Type': type }, body }).formData();

it('a large form whose Content-Type has other whitespace than spaces and tabs around its boundary gets the 413', async () => {
  const { token, post, ran } = await largeFormApp();
  const body = bodyWith(token);
  for (const type of [
    'multipart/form-data; boundary=real\u000b',
    'multipart/form-data; boundary=real\u000c',
    'multipart/form-data;\u00a0boundary=real',
    'multipart/form-data;\u000bboundary=real',
    'multipart/form-data\u000b; boundary=real',
  ]) {
    await assert.rejects(platformReads(body, type), `the platform refuses ${JSON.stringify(type)}`);
    assert.equal((await post(body, { 'Content-Type': type })).status, 413, JSON.stringify(type));
  }
  assert.equal(ran(), 0);
});

it('a large form whose Content-Type has spaces and tabs around its boundary, as the platform reads it, passes', async () => {
  const { token, post, ran } = await largeFormApp();
  const body = bodyWith(token);
  for (const type of ['multipart/form-data;boundary=real', 'multipart/form-data \t;\t boundary=real']) {
    assert.equal((await platformReads(body, type)).get('_csrf'), token);
    assert.equal((await post(body, { 'Content-Type': type })).status, 200, JSON.stringify(type));
  }
  assert.equal(ran(), 2);
});
