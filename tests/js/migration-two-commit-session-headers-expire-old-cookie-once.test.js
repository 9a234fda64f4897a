// README (withSession, after the handler): several hand commits of a session in one response keep only the latest
// commit's header, with what goes beside it (the migrateFrom cookie's expiry), one Set-Cookie per cookie name; on a
// 5xx or a HEAD a hand commit's header is kept with what goes beside it. During a migration, two commitSessionHeaders
// of the session (the route's, then a "last seen" stamp's), each returning the new cookie and the old one's expiry,
// both put in the response: the old cookie is expired once, on a 200, a 303, a 500 and a HEAD alike.
// Regression (s50 scenario pass): the earlier commit's `__session` header was dropped (supersededCommits) but its
// `__old` expiry stayed beside the latest's, two Set-Cookies for `__old`, with or without chunks.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];

for (const chunks of [1, 3]) {
  for (const [status, method] of [[200, 'POST'], [303, 'POST'], [500, 'POST'], [200, 'HEAD']]) {
    it(`chunks: ${chunks}, two commitSessionHeaders in a ${status} ${method} response during a migration: __old expired once`, async () => {
      const migrateFrom = { cookie: { name: '__old', secrets }, format: 'react-router' };
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks, migrateFrom });
      const fetch = withSession(storage, async (request, { session }) => {
        if (new URL(request.url).pathname === '/') return Response.json({ cart: session.get('cart') ?? null, lastSeen: session.get('lastSeen') ?? null });
        const headers = new Headers(status === 303 ? { Location: '/' } : {});
        session.set('cart', 1);
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        session.set('lastSeen', 2);
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        return new Response(null, { status, headers });
      });
      const jar = await jarHoldingOldCookie(secrets);
      const response = await visit(jar, fetch, '/cart', { method });
      assertOneHeaderPerCookie(response.headers.getSetCookie());
      assert.deepEqual(jar.names(), ['__session']);
      assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { cart: 1, lastSeen: 2 });
    });
  }
}
