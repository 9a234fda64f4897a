// README, CSRF (the rules): "A HEAD, OPTIONS or TRACE whose URL has a `_method` query parameter, or that has an
// `X-HTTP-Method-Override`, `X-HTTP-Method` or `X-Method-Override` header, is checked as the unsafe method any of them
// names". The tests named only the first header; an app whose Hono methodOverride({ app, header }) reads one of the
// others had its HEAD run as a DELETE. Mutation pass (s46): X-Method-Override dropped from the names read went
// unnoticed; a sibling subdomain's HEAD with that header ran the DELETE handler under withSession's check.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ORIGIN, overriddenApp } from '../helpers/method-override-app.js';

describe('withSession csrf around Hono methodOverride({ app, header }): each header README names', () => {
  for (const header of ['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override']) {
    it(`a sibling's HEAD naming DELETE in ${header} is refused and runs no DELETE`, async () => {
      const { fetch, deleted, session } = overriddenApp({ header });
      const { cookie } = await session();
      const sibling = { Cookie: cookie, Origin: 'https://evil.example.com', 'Sec-Fetch-Site': 'same-site' };
      const response = await fetch(new Request(`${ORIGIN}/posts/1`, { method: 'HEAD', headers: { ...sibling, [header]: 'DELETE' } }));
      assert.equal(response.status, 403);
      assert.deepEqual(deleted, [], 'no DELETE handler ran');
    });
  }
});
