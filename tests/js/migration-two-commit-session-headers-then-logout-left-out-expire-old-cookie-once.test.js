// README (withSession, after the handler): a session logged out by hand whose expiring header the handler left out
// gets it again, its own headers from before the logout taken from the response, one Set-Cookie per cookie name.
// During a migration, two commitSessionHeaders of the session put in the response (each with the old cookie's
// expiry), then a destroySession whose header the handler left out: `__session` and `__old` are expired once each,
// and the next request reads no user, on a 200, a 500 and a HEAD alike.
// Regression (s50 scenario pass): both commits' `__session` headers went, but both `__old` expiries stayed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];

for (const chunks of [1, 3]) {
  for (const [status, method] of [[200, 'POST'], [500, 'POST'], [200, 'HEAD']]) {
    it(`chunks: ${chunks}, two commitSessionHeaders then a logout left out, a ${status} ${method}, during a migration: each cookie expired once`, async () => {
      const migrateFrom = { cookie: { name: '__old', secrets }, format: 'react-router' };
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks, migrateFrom });
      const fetch = withSession(storage, async (request, { session }) => {
        if (new URL(request.url).pathname === '/') return Response.json({ user: session.get('user') ?? null });
        const headers = new Headers();
        session.set('lastSeen', 1);
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        session.set('lastSeen', 2);
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        await storage.destroySession(session); // its header left out: withSession sends it
        return new Response(null, { status, headers });
      });
      const jar = await jarHoldingOldCookie(secrets);
      const response = await visit(jar, fetch, '/logout', { method });
      assertOneHeaderPerCookie(response.headers.getSetCookie());
      assert.deepEqual(jar.names(), []);
      assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: null });
    });
  }
}
