// js/form-body.js: the CSRF check's field scan over a urlencoded body's bytes must give what the platform's
// formData().get() gives, or say it cannot (undefined), never another value: a token the handler would not see.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formOf, urlencodedField } from '../../js/form-body.js';

const TYPE = 'application/x-www-form-urlencoded';
const encode = (text) => new TextEncoder().encode(text);
const platformField = async (bytes, name) => {
  const value = (await new Response(bytes, { headers: { 'Content-Type': TYPE } }).formData()).get(name);
  return typeof value === 'string' ? value : null;
};

describe('urlencodedField', () => {
  it('finds the first field of a browser-encoded body without the platform', () => {
    assert.equal(urlencodedField(encode('message=Saved%21&_csrf=abc-_09&_csrf=second'), '_csrf'), 'abc-_09');
    assert.equal(urlencodedField(encode('_csrf'), '_csrf'), '', 'a name alone has the empty value');
    assert.equal(urlencodedField(encode('_csrf=a=b'), '_csrf'), 'a=b', 'the name ends at the first "="');
    assert.equal(urlencodedField(encode('_csr=x&_csrfx=y&x_csrf=z&=_csrf'), '_csrf'), null);
    assert.equal(urlencodedField(encode(''), '_csrf'), null);
    assert.equal(urlencodedField(encode('&&_csrf=t&'), '_csrf'), 't', 'empty pieces are skipped');
  });

  it('decodes an escaped name or value, and "+" as a space', () => {
    assert.equal(urlencodedField(encode('%5Fcsrf=t'), '_csrf'), 't', 'an escaped name is the same name');
    assert.equal(urlencodedField(encode('items%5B%5D=1&_csrf=%41+b'), '_csrf'), 'A b');
    assert.equal(urlencodedField(encode('_csrf+=t&_csrf=u'), '_csrf'), 'u', '"_csrf " is another name');
    // A "+" with no escape beside it (mutation pass: the random bodies seldom had one, and a literal "+" passed).
    assert.equal(urlencodedField(encode('_csrf=a+b'), '_csrf'), 'a b');
  });

  it('leaves to the platform what only the platform decodes: raw non-ASCII, malformed escapes, bad UTF-8', () => {
    for (const body of ['n%zz=1&_csrf=t', '%FF=1&_csrf=t', '\ufeff_csrf=t', 'caf\u00e9=1&_csrf=t', '_csrf=%E2%82', '_csrf=%']) {
      assert.equal(urlencodedField(encode(body), '_csrf'), undefined, body);
    }
    assert.equal(urlencodedField(encode('_csrf=t&caf\u00e9=%zz'), '_csrf'), 't', 'what follows the field does not matter');
    assert.equal(urlencodedField(encode('a=caf\u00e9%zz&_csrf=t'), '_csrf'), 't', 'nor the values before it');
  });

  it('agrees with the platform formData() on 20,000 random bodies whenever it answers', async () => {
    const pieces = ['a', '_', '_csrf', 'csrf', '%5F', '%5f', '=', '&', '+', ' ', '%41', '%2B', '%3D', '%26', '%C3%A9', '%80', '%E2%82', '%zz', '%', '\u00e9', '\ufeff', 't'];
    let seed = 11;
    const next = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    let answered = 0;
    for (let round = 0; round < 20000; round++) {
      let body = '';
      for (let n = 1 + next(12); n > 0; n--) body += pieces[next(pieces.length)];
      const bytes = encode(body);
      const ours = urlencodedField(bytes, '_csrf');
      if (ours === undefined) continue;
      answered++;
      assert.equal(ours, await platformField(bytes, '_csrf'), JSON.stringify(body));
    }
    assert.ok(answered > 5000, `answered ${answered} of 20,000`);
  });
});

describe('formOf', () => {
  it('gives the FormData the platform gives, parsed in JavaScript or by the platform', async () => {
    for (const body of ['a=1+2&b=%2B&_csrf=t&c&&=x', 'a=%zz&b=%FF', 'caf\u00e9=1', '\ufeffa=1', '']) {
      const bytes = encode(body);
      const platform = await new Response(bytes, { headers: { 'Content-Type': TYPE } }).formData();
      assert.deepEqual([...(await formOf(bytes, TYPE, true))], [...platform], body);
    }
  });

  it('leaves a body that is not urlencoded to the platform, even one plain urlencoded text could read', async () => {
    const form = new FormData();
    form.append('a', '1&b=2');
    const multipart = new Response(form);
    const type = multipart.headers.get('Content-Type');
    const bytes = new Uint8Array(await multipart.arrayBuffer());
    assert.deepEqual([...(await formOf(bytes, type, false))], [['a', '1&b=2']]);
  });
});
