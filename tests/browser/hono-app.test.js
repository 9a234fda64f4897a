// The Hono app of tests/browser/framework-apps/hono (edge-session/hono, Durable Objects, csrf) in workerd, in Chromium.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { frameworkAppFlows } from '../helpers/framework-app-flows.js';

frameworkAppFlows('hono', {
  more: ({ url, withContext, heading, flashes, TEST_TIMEOUT }) => {
    it('README\'s guard, throw new HTTPException(303, { res: c.redirect(\'/login\', 303) }), takes a signed-out visitor to the sign-in page with its flash', TEST_TIMEOUT, async () => {
      await withContext(async (page) => {
        const response = await page.goto(url('/account')).catch((error) => error); // Chromium: ERR_HTTP_RESPONSE_CODE_FAILURE
        // Hono's HTTPException.getResponse() answers with the exception's status and the redirect's headers. Regression:
        // README showed it with 401, whose Location browsers do not follow: Chromium's error page, the flash unseen.
        assert.equal(new URL(page.url()).pathname, '/', `stayed on ${page.url()}: ${response?.status?.() ?? response}`);
        assert.equal(await heading(page), 'Hello, stranger!');
        assert.deepEqual(await flashes(page), ['Please sign in.']);
      });
    });
  },
});
