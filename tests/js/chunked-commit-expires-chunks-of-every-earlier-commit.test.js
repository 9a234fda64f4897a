// README, Sessions beyond one cookie: "When a session shrinks (or is destroyed), the chunks the request carried and
// the commit no longer uses are expired ... in the same response". Which of a request's earlier commitSessionHeaders
// reached the browser is not known to the storage, so a commit expires every chunk any of them set, not only the
// last one's: commits of 3, then 1, then 2 cookies, the browser given the first's and the third's headers (the
// second's built for a response not sent), keep the third's session. Mutation pass (s49): the chunks set taken from
// the last commit in place of the largest went unnoticed; the first's `__session.2` stayed beside the third's two
// cookies, an extra chunk, and the session read as fresh.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { applySetCookies, cookieHeader } from './model-jar.js';

const BIG = 'b'.repeat(7000); // 3 cookies
const SMALL = 'x'; // 1 cookie
const MIDDLE = 'm'.repeat(4000); // 2 cookies

for (const encrypt of [false, true]) {
  describe(`chunks: 4, ${encrypt ? 'sealed' : 'signed'}: three commits of one session in a request`, () => {
    it('the third expires the chunk only the first set, though the second (one cookie) set none', async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, chunks: 4, encrypt });
      const session = await storage.getSession(null);
      const commitWith = async (value) => {
        session.set('value', value);
        return storage.commitSessionHeaders(session);
      };
      const first = await commitWith(BIG);
      assert.equal(first.length, 3);
      assert.equal((await commitWith(SMALL)).length, 3, 'one cookie, and the expiry of the two chunks the first set');
      const third = await commitWith(MIDDLE);
      assert.ok(third.some((header) => /^__session\.2=;.*Max-Age=0/.test(header)), third.join('\n'));
      const browser = new Map();
      applySetCookies(browser, [...first, ...third]);
      assert.equal((await storage.getSession(cookieHeader(browser))).get('value'), MIDDLE, `the browser holds ${[...browser.keys()]}`);
    });
  });
}
