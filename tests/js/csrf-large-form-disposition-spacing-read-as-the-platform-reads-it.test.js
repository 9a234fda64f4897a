// README, CSRF: past `maxBodyBytes` "the token is taken only where the scanner (js/form-prefix.js) reads a part
// exactly as the platform would (what browsers send ...); a form it is not sure of gets the `413`, never a guess".
// A part's Content-Disposition with a space or tab after its value, or led by a character other than a space or a
// tab (a no-break space, a vertical tab), is no disposition browsers write, and Node's formData() refuses the whole
// body for it. Regression (s52 mutation pass of js/form-prefix.js): the scanner trimmed the value as String's trim()
// does, read such a part's `_csrf`, and the upload reached its handler, whose formData() saw no form. A disposition
// led by spaces and tabs the platform reads, and so does the scanner.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { largeFormApp } from '../helpers/large-form-app.js';

const TYPE = 'multipart/form-data; boundary=real';
/** A large form whose first part, `_csrf`, has the disposition line `disposition`, as bytes (one per character). */
const formWith = (disposition, token) =>
  Uint8Array.from(
    `--real\r\n${disposition}\r\n\r\n${token}\r\n` +
      `--real\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'x'.repeat(4096)}\r\n--real--\r\n`,
    (char) => char.charCodeAt(0),
  );
const platformReads = (body) => new Response(body, { headers: { 'Content-Type': TYPE } }).formData();

it('a large form whose _csrf part has a disposition the platform refuses gets the 413', async () => {
  const { token, post, ran } = await largeFormApp();
  for (const disposition of [
    'Content-Disposition: form-data; name="_csrf" ',
    'Content-Disposition: form-data; name="_csrf"\t',
    'Content-Disposition: form-data; name="_csrf"; filename="a.txt" ',
    'Content-Disposition:\u00a0form-data; name="_csrf"',
    'Content-Disposition:\u000bform-data; name="_csrf"',
  ]) {
    const body = formWith(disposition, token);
    await assert.rejects(platformReads(body), `the platform refuses ${JSON.stringify(disposition)}`);
    const response = await post(body, { 'Content-Type': TYPE });
    assert.equal(response.status, 413, JSON.stringify(disposition));
  }
  assert.equal(ran(), 0);
});

it('a large form whose _csrf disposition is led by spaces and tabs, as the platform reads it, passes', async () => {
  const { token, post, ran } = await largeFormApp();
  for (const disposition of ['Content-Disposition:form-data; name="_csrf"', 'Content-Disposition: \t form-data; name="_csrf"']) {
    const body = formWith(disposition, token);
    assert.equal((await platformReads(body)).get('_csrf'), token);
    assert.equal((await post(body, { 'Content-Type': TYPE })).status, 200, JSON.stringify(disposition));
  }
  assert.equal(ran(), 2);
});
