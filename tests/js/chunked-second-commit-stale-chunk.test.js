// Regression (model-based audit): a chunked session committed twice in one response, the second commit shorter,
// left the first commit's last chunk in the browser (only the chunks the request carried were expired), so the
// next request read a fresh session: the data lost, the user signed out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { applySetCookies, cookieHeader } from './model-jar.js';

const storageOf = (encrypt) => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, chunks: 4, encrypt });
const BIG = 'b'.repeat(7000); // 3 cookies
const SMALLER = 's'.repeat(4000); // 2 cookies

for (const encrypt of [false, true]) {
  describe(`Two commits of a chunked session in one response (${encrypt ? 'sealed' : 'signed'})`, () => {
    it('by hand: the second, shorter commit expires the chunk only the first set', async () => {
      const storage = storageOf(encrypt);
      const session = await storage.getSession(null);
      session.set('big', BIG);
      const first = await storage.commitSessionHeaders(session);
      assert.equal(first.length, 3);
      session.unset('big');
      session.set('x', SMALLER);
      const second = await storage.commitSessionHeaders(session);
      assert.ok(second.some((header) => /^__session\.2=;.*Max-Age=0/.test(header)), second.join('\n'));
      const jar = new Map();
      applySetCookies(jar, [...first, ...second]); // one response carrying both, as a browser applies it
      assert.equal((await storage.getSession(cookieHeader(jar))).get('x'), SMALLER, `jar holds ${[...jar.keys()]}`);
      // Only the second's headers sent (the usual case): the expiry of a cookie the browser lacks is harmless.
      const alone = new Map();
      applySetCookies(alone, second);
      assert.equal((await storage.getSession(cookieHeader(alone))).get('x'), SMALLER);
    });

    it('under withSession: a commit then a logout in one response leave no chunk', async () => {
      const storage = storageOf(encrypt);
      const fetch = withSession(storage, async (request, { session: current }) => {
        current.set('big', BIG);
        const response = new Response('ok');
        for (const header of await storage.commitSessionHeaders(current)) response.headers.append('Set-Cookie', header);
        response.headers.append('Set-Cookie', await storage.destroySession(current));
        return response;
      });
      const response = await fetch(new Request('http://localhost/'), {}, { waitUntil() {} });
      const browser = new Map();
      applySetCookies(browser, response.headers.getSetCookie());
      assert.deepEqual([...browser.keys()], [], `jar holds ${[...browser.keys()]}`);
    });

    it('under withSession: two hand commits put on the response keep the session', async () => {
      const storage = storageOf(encrypt);
      const fetch = withSession(storage, async (request, { session }) => {
        const response = new Response('ok');
        session.set('big', BIG);
        for (const header of await storage.commitSessionHeaders(session)) response.headers.append('Set-Cookie', header);
        session.unset('big');
        session.set('x', SMALLER);
        for (const header of await storage.commitSessionHeaders(session)) response.headers.append('Set-Cookie', header);
        return response;
      });
      const response = await fetch(new Request('http://localhost/'), {}, { waitUntil() {} });
      const jar = new Map();
      applySetCookies(jar, response.headers.getSetCookie());
      assert.equal((await storage.getSession(cookieHeader(jar))).get('x'), SMALLER, `jar holds ${[...jar.keys()]}`);
    });
  });
}
