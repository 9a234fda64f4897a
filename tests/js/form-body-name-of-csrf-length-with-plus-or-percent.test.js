// js/form-body.js urlencodedField: the CSRF check's scan must give what the platform's formData().get('_csrf') gives,
// or say it cannot (undefined), never another value: a token the handler would not see (README, CSRF rule 2: "what
// formData().get('_csrf') gives"). A "+" or "%" in a name is never compared byte for byte, so a name as long as
// `_csrf` with one of them in place of a letter ("_csr+", "_csr%") matched on its other letters unless decoded.
// Mutation pass (s49): the decoding skipped for a name whose compared letters matched went unnoticed (the random
// bodies never made one); "_csr+=wrong&_csrf=right" gave wrong, the platform right.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { urlencodedField } from '../../js/form-body.js';

const encode = (text) => new TextEncoder().encode(text);
const platformField = async (body) => {
  const value = (await new Response(body, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }).formData()).get('_csrf');
  return typeof value === 'string' ? value : null;
};

it('a name as long as _csrf with a "+" or "%" in place of a letter is not _csrf: the scan gives what formData() gives, or undefined', async () => {
  for (const stray of ['+', '%']) {
    for (let at = 0; at < '_csrf'.length; at++) {
      const name = `${'_csrf'.slice(0, at)}${stray}${'_csrf'.slice(at + 1)}`;
      const body = `${name}=wrong&_csrf=right`;
      const found = urlencodedField(encode(body), '_csrf');
      if (stray === '+') assert.equal(found, 'right', body);
      else assert.ok(found === undefined || found === (await platformField(body)), `${body}: ${found}`);
    }
  }
});
