// destroy() of the request's session in a response that also sets the session's cookie through another Session
// (a sign-in committed by hand): on a 2xx the lifecycle's logout replaces that header, one Set-Cookie for the
// cookie; on a 5xx (the logout is made anyway) it was appended beside it, two for one cookie, the browser's
// outcome left to their order. Regression (lifecycle model audit): now the 5xx does as the 2xx does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { serverSideStores } from './server-side-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const STORES = { cookie: async () => createCookieSessionStorage({ cookie }), ...serverSideStores({ cookie, userKey: 'userId' }) };

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: destroy() beside another session's header`, () => {
    for (const status of [200, 303, 500, 503]) {
      it(`a ${status} carries the logout alone`, async (t) => {
        const storage = await make(t);
        const response = await withSession(storage, async (request, { session }) => {
          const other = await storage.getSession(null);
          other.set('userId', 'bob');
          const headers = new Headers({ 'Set-Cookie': await storage.commitSession(other) });
          session.destroy();
          return new Response('x', { status, headers });
        })(new Request('https://app.example/'));
        const setCookies = response.headers.getSetCookie();
        assert.equal(setCookies.length, 1, setCookies.join(' | '));
        assert.match(setCookies[0], /^__session=; .*Max-Age=0/);
      });
    }
  });
}
