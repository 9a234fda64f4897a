// README, CSRF: a form body over `maxBodyBytes` passes only "with its `_csrf` field in its first bytes" and is then
// "checked as any form"; one whose first bytes hold no `_csrf` field gets the 413. The field is looked for in the
// parts the platform's formData() reads, cut by the boundary it takes: the Content-Type's first `boundary`, not a
// `boundary=` written at the end of another parameter's value. Mutation pass (s47): the media-type pattern without
// its start anchor went unnoticed; the scan read the decoy's parts, found the token in them, and the upload reached
// its handler, whose formData() saw no such part.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { largeFormApp } from '../helpers/large-form-app.js';

it('a large form whose only _csrf sits in parts of a decoy boundary, named after its real one, gets the 413', async () => {
  const { token, post, ran } = await largeFormApp();
  const type = 'multipart/form-data; boundary=real; x=multipart/form-data;boundary=decoy';
  const body =
    `--decoy\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
    `--decoy\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'x'.repeat(4096)}\r\n--decoy--\r\n`;
  // The platform reads the boundary "real", which the body never holds: no part, no _csrf.
  await assert.rejects(new Response(body, { headers: { 'Content-Type': type } }).formData());
  const response = await post(body, { 'Content-Type': type });
  assert.equal(response.status, 413);
  assert.equal(ran(), 0);
});
