// README, CSRF: a form body over `maxBodyBytes` passes only "with its `_csrf` field in its first bytes" and is then
// "checked as any form"; otherwise the 413. A boundary followed by anything but CRLF (a next part) or "--" (the end)
// is no delimiter the prefix scan can read as the platform does (Node's formData() refuses the body whole), so a
// `_csrf` part after it is not taken. Mutation pass (s47): the check that a delimiter ends in CRLF, dropped, went
// unnoticed; the scan skipped two bytes, read the part behind them, and the upload reached its handler, whose
// formData() failed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { largeFormApp } from '../helpers/large-form-app.js';

const TYPE = 'multipart/form-data; boundary=XyZ';

it('a large form whose _csrf part follows a boundary with other text after it gets the 413', async () => {
  const { token, post, ran } = await largeFormApp();
  const body =
    '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello\r\n' +
    `--XyZ..Content-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
    `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'x'.repeat(4096)}\r\n--XyZ--\r\n`;
  await assert.rejects(new Response(body, { headers: { 'Content-Type': TYPE } }).formData());
  const response = await post(body, { 'Content-Type': TYPE });
  assert.equal(response.status, 413);
  assert.equal(ran(), 0);
});
