// README, CSRF (the rules): "GET, HEAD, OPTIONS and TRACE pass" (RFC 9110 9.2.1's safe methods), and "An OPTIONS or
// TRACE with a form body is checked as a POST". fetch's Request refuses to make a TRACE, so no test sent one, and
// js/csrf.js is called here with a request as a server hands it over (method, url, headers). Mutation pass (s46):
// TRACE dropped from the safe methods went unnoticed; a TRACE without a token got a 403.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from 'edge-session';
import { checkCsrf, csrfOptions } from '../../js/csrf.js';

/** A received TRACE: what the check reads of a request. */
const trace = (headers) => ({ method: 'TRACE', url: 'https://app.example/debug', headers: new Headers(headers), bodyUsed: false });

it('a TRACE without a token passes, from any origin; one with a form body is checked as a POST', async () => {
  const session = await createSession();
  const options = csrfOptions(true, 'test');
  for (const headers of [{}, { Origin: 'https://app.example', 'Sec-Fetch-Site': 'same-origin' }, { Origin: 'https://other.example', 'Sec-Fetch-Site': 'cross-site' }]) {
    const request = trace(headers);
    assert.equal(await checkCsrf(request, session, options), request, JSON.stringify(headers));
  }
  const form = trace({ Origin: 'https://other.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' });
  const refused = await checkCsrf(form, session, options);
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /cross-site request/);
});
