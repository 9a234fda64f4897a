// README, CSRF: past `maxBodyBytes` "the token is taken only where the scanner (js/form-prefix.js) reads a part
// exactly as the platform would ...; a form it is not sure of gets the `413`, never a guess". Node's formData()
// reads a part as ended by a boundary line only when that line is the boundary alone or the closing one, then CRLF:
// with more on the line (a space, a tab, other text) it refuses the whole body. Regression
// (s52 mutation pass of js/form-prefix.js, found by a differential of the scanner against formData()): the scanner
// answered the `_csrf` part's value before looking at what followed the boundary that ended it, and such an upload
// reached its handler, whose formData() saw no form.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { largeFormApp } from '../helpers/large-form-app.js';

const TYPE = 'multipart/form-data; boundary=real';
const FILE = `Content-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'x'.repeat(4096)}\r\n--real--\r\n`;
const platformReads = (body) => new Request('https://app.example/', { method: 'POST', headers: { 'Content-Type': TYPE }, body }).formData();

it('a large form whose _csrf part ends at a boundary line with more on it gets the 413', async () => {
  const { token, post, ran } = await largeFormApp();
  for (const end of [`--real \r\n${FILE}`, `--real\t\r\n${FILE}`, `--realX\r\n${FILE}`, `--real--X\r\n${'x'.repeat(4096)}`, `--real-- \r\n${'x'.repeat(4096)}`]) {
    const body = `--real\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n${end}`;
    await assert.rejects(platformReads(body), `the platform refuses ${JSON.stringify(end.slice(0, 10))}`);
    assert.equal((await post(body, { 'Content-Type': TYPE })).status, 413, JSON.stringify(end.slice(0, 10)));
  }
  assert.equal(ran(), 0);
});

it('a large form whose _csrf part ends at the boundary alone, another part after it, passes', async () => {
  const { token, post, ran } = await largeFormApp();
  const body = `--real\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--real\r\n${FILE}`;
  assert.equal((await platformReads(body)).get('_csrf'), token);
  assert.equal((await post(body, { 'Content-Type': TYPE })).status, 200);
  assert.equal(ran(), 1);
});
