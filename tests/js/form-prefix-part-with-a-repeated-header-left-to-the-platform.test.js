// js/form-prefix.js answers only what is certain: a part whose headers are "what browsers send" (one
// Content-Disposition, at most one Content-Type), else undefined, and a body too large to hold is then refused
// (README, CSRF: the 413). A repeated header is read by whichever copy its parser takes: Node's formData() takes the
// last Content-Disposition, workerd's the first (and joins two Content-Types into one). Mutation pass (s47): the
// scan taking a repeated Content-Disposition (the last), or reading past a file part with two Content-Types, each
// went unnoticed; it answered for parts no browser sends, which workerd reads otherwise.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldInPrefix } from '../../js/form-prefix.js';

const TYPE = 'multipart/form-data; boundary=XyZ';
const encode = (text) => new TextEncoder().encode(text);

it('a part with two Content-Disposition headers is left to the platform (undefined), in either order', () => {
  for (const [first, second] of [['title', '_csrf'], ['_csrf', 'title']]) {
    const body =
      `--XyZ\r\nContent-Disposition: form-data; name="${first}"\r\nContent-Disposition: form-data; name="${second}"\r\n\r\ntok\r\n` +
      '--XyZ--\r\n';
    assert.equal(fieldInPrefix(encode(body), TYPE, false, '_csrf'), undefined, `${first}, then ${second}`);
  }
});

it('a file part with two Content-Type headers, before the _csrf field, is left to the platform (undefined)', () => {
  const file = '--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n';
  const rest = '\r\npng\r\n--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntok\r\n--XyZ--\r\n';
  assert.equal(fieldInPrefix(encode(`${file}Content-Type: text/plain\r\n${rest}`), TYPE, false, '_csrf'), undefined);
  assert.equal(fieldInPrefix(encode(`${file}${rest}`), TYPE, false, '_csrf'), 'tok', 'with one, the field after it is answered');
});
