// README, CSRF (the rules): a HEAD, OPTIONS or TRACE whose `_method` names an unsafe method is checked as that method;
// "nor is a CORS preflight (an OPTIONS with `Access-Control-Request-Method`)", which carries no cookie. Only an
// OPTIONS is a preflight: a HEAD that carries the header is none, and Hono's methodOverride runs it as the method it
// names. (No page can set that header, a forbidden one, so this pins the rule's edge rather than a browser attack.)
// Mutation pass (s46): the preflight exception taken for any method with that header went unnoticed; a HEAD with it
// and `?_method=DELETE` ran the DELETE handler unchecked.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ORIGIN, overriddenApp } from '../helpers/method-override-app.js';

it('a HEAD with Access-Control-Request-Method, naming DELETE in _method, is checked as the DELETE', async () => {
  const { fetch, deleted, session } = overriddenApp({ query: '_method' });
  const { cookie } = await session();
  const headers = { Cookie: cookie, Origin: 'https://evil.example.com', 'Sec-Fetch-Site': 'same-site', 'Access-Control-Request-Method': 'DELETE' };
  const response = await fetch(new Request(`${ORIGIN}/posts/1?_method=DELETE`, { method: 'HEAD', headers }));
  assert.equal(response.status, 403);
  assert.deepEqual(deleted, [], 'no DELETE handler ran');
});
