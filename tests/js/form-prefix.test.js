// js/form-prefix.js: a field found in the first bytes of a form body too large to hold must be what the
// platform's formData().get() gives for the whole body, or null only when there is none; when the prefix cannot
// tell, it says so (undefined), never another value: a token the handler would not see.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldInPrefix } from '../../js/form-prefix.js';

const URLENCODED = 'application/x-www-form-urlencoded';
const encode = (text) => new TextEncoder().encode(text);

/** The body a FormData becomes, as the platform serialises it, and its Content-Type. */
async function multipartOf(form) {
  const response = new Response(form);
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('Content-Type') };
}

async function platformField(bytes, type, name) {
  const value = (await new Response(bytes, { headers: { 'Content-Type': type } }).formData()).get(name);
  return typeof value === 'string' ? value : null;
}

/** A small deterministic generator (xorshift), so a failure names its seed. */
function randomOf(seed) {
  let state = seed;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

describe('fieldInPrefix, multipart', () => {
  it('finds a leading field, skips the fields before it, and says null at the closing delimiter', async () => {
    const form = new FormData();
    form.append('title', 'Hello');
    form.append('_csrf', 'tok-en_1');
    form.append('photo', new Blob(['x'.repeat(1000)]), 'p.jpg');
    const { bytes, type } = await multipartOf(form);
    assert.equal(fieldInPrefix(bytes.subarray(0, 400), type, false, '_csrf'), 'tok-en_1');
    assert.equal(fieldInPrefix(bytes, type, false, 'missing'), null);
  });

  it('a file part of that name is no field (null), and a field cut by the prefix is undefined', async () => {
    const form = new FormData();
    form.append('_csrf', new Blob(['abc']), 'a.txt');
    const { bytes, type } = await multipartOf(form);
    assert.equal(fieldInPrefix(bytes, type, false, '_csrf'), null);
    const cut = new FormData();
    cut.append('_csrf', 'abcdefgh');
    const whole = await multipartOf(cut);
    const at = new TextDecoder().decode(whole.bytes).indexOf('abcdefgh') + 4;
    assert.equal(fieldInPrefix(whole.bytes.subarray(0, at), whole.type, false, '_csrf'), undefined);
  });

  it('leaves to the platform what browsers do not send: a preamble, other headers, a field with its own type', async () => {
    const type = 'multipart/form-data; boundary=XyZ';
    const bodies = [
      'preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nt\r\n--XyZ--\r\n',
      '--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\nX-Other: 1\r\n\r\nt\r\n--XyZ--\r\n',
      '--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\nContent-Type: text/plain; charset=utf-16\r\n\r\nt\r\n--XyZ--\r\n',
      '--XyZ\r\nContent-Disposition: form-data; name*=utf-8\'\'_csrf\r\n\r\nt\r\n--XyZ--\r\n',
      '--XyZ\r\nContent-Disposition: form-data; name="%5Fcsrf"\r\n\r\nt\r\n--XyZ--\r\n',
    ];
    for (const body of bodies) assert.equal(fieldInPrefix(encode(body), type, false, '_csrf'), undefined, body);
    // A disposition with more after the name (and filename) than browsers write, which Node's formData() refuses
    // outright. Mutation pass (s52): the disposition pattern without its end anchor went unnoticed; these read as _csrf.
    for (const rest of ['; foo="bar"', '; name="other"', "; filename*=UTF-8''a.txt", '; filename="a.txt"; x=1', ' ']) {
      const body = `--XyZ\r\nContent-Disposition: form-data; name="_csrf"${rest}\r\n\r\nt\r\n--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--XyZ--\r\n`;
      assert.equal(fieldInPrefix(encode(body), type, false, '_csrf'), undefined, rest);
      await assert.rejects(new Response(body, { headers: { 'Content-Type': type } }).formData(), `the platform refuses ${rest}`);
    }
    assert.equal(fieldInPrefix(encode(bodies[0]), 'multipart/form-data', false, '_csrf'), undefined, 'no boundary');
  });

  it('agrees with the platform formData() on 3,000 random forms cut at random points, whenever it answers', async () => {
    const names = ['_csrf', '_csrf', 'title', 'title', 'csrf', '_CSRF', '_csrf ', 'a"b', 'caf\u00e9', 'x\r\ny', 'photo'];
    const values = ['tok', '', 'caf\u00e9', '\ufefftok', 'a\r\nb', '--', 'line\r\n--not-the-boundary', '\u{1f600}'];
    let answered = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const random = randomOf(seed * 2654435761);
      const form = new FormData();
      for (let i = 0, count = 1 + random(4); i < count; i++) {
        const name = names[random(names.length)];
        if (random(4) === 0) form.append(name, new Blob([values[random(values.length)]]), random(2) ? 'f.txt' : '');
        else form.append(name, values[random(values.length)]);
      }
      const { bytes, type } = await multipartOf(form);
      const prefix = bytes.subarray(0, random(2) ? bytes.length : random(bytes.length + 1));
      const found = fieldInPrefix(prefix, type, false, '_csrf');
      if (found === undefined) continue;
      answered++;
      assert.equal(found, await platformField(bytes, type, '_csrf'), `seed ${seed}`);
    }
    assert.ok(answered > 600, `answered ${answered} of 3000`);
  });
});

describe('fieldInPrefix, urlencoded', () => {
  it('answers from the pieces the prefix holds whole, before its last "&"', () => {
    assert.equal(fieldInPrefix(encode('_csrf=t&pad=xxxx'), URLENCODED, true, '_csrf'), 't');
    assert.equal(fieldInPrefix(encode('_csrf=t'), URLENCODED, true, '_csrf'), undefined, 'the value may go on');
    assert.equal(fieldInPrefix(encode('a=1&b=2&pad=xx'), URLENCODED, true, '_csrf'), undefined, 'it may come later');
  });

  it('agrees with the platform formData() on 5,000 random bodies cut at random points, whenever it answers', async () => {
    const pieces = ['a', '_csrf', '=', '&', '+', '%5F', '%41', 't', 'x', '%C3%A9', '%zz', '_csrf=t&', '&_csrf=', 'a=1&', '%5Fcsrf=u&'];
    let answered = 0;
    for (let seed = 1; seed <= 5000; seed++) {
      const random = randomOf(seed * 40503 + 7);
      let text = '';
      for (let i = 0, count = 1 + random(14); i < count; i++) text += pieces[random(pieces.length)];
      const bytes = encode(text);
      const found = fieldInPrefix(bytes.subarray(0, random(bytes.length + 1)), URLENCODED, true, '_csrf');
      if (found === undefined) continue;
      answered++;
      assert.equal(found, await platformField(bytes, URLENCODED, '_csrf'), `seed ${seed}: ${text}`);
    }
    assert.ok(answered > 700, `answered ${answered} of 5000`);
  });
});
