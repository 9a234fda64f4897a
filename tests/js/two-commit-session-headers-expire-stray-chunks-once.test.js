// README (withSession, after the handler): several hand commits of a session in one response keep only the latest
// commit's headers, with what goes beside them, one Set-Cookie per cookie name; on a 5xx or a HEAD a hand commit's
// headers are kept with what goes beside them. Each commitSessionHeaders returns, beside the session's cookie, the
// expiry of every chunk cookie the browser holds that the commit does not use, and during a migration the expiry
// of the migrateFrom cookie and of its chunks: two such commits put in the response (the route's, then a "last
// seen" stamp's) expire each of those cookies once, on a 200, a 500 and a HEAD alike.
// Regression (s51): only the migrateFrom cookie's own repeated expiry went once; a stray `__session.1` (a chunk left
// by an earlier, larger session) or `__old.1` the browser held was expired twice.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { BrowserJar, assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];
const migrateFrom = { cookie: { name: '__old', secrets }, format: 'react-router' };

const browsers = {
  'stray chunks of the session cookie': {
    options: {},
    jar: async () => new BrowserJar().apply(['__session.1=stray; Path=/', '__session.2=stray; Path=/', '__session.4=stray; Path=/']),
  },
  'the migrateFrom cookie and a stray chunk of it': {
    options: { migrateFrom },
    jar: async () => (await jarHoldingOldCookie(secrets)).apply(['__old.1=stray; Path=/']),
  },
};

for (const [held, { options, jar: browserHolding }] of Object.entries(browsers)) {
  for (const chunks of [1, 3]) {
    for (const [status, method] of [[200, 'POST'], [500, 'POST'], [200, 'HEAD']]) {
      it(`${held}, chunks: ${chunks}, two commitSessionHeaders in a ${status} ${method} response: each expired once`, async () => {
        const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks, ...options });
        const fetch = withSession(storage, async (request, { session }) => {
          if (new URL(request.url).pathname === '/') return Response.json({ cart: session.get('cart') ?? null, lastSeen: session.get('lastSeen') ?? null });
          const headers = new Headers();
          session.set('cart', 1);
          for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
          session.set('lastSeen', 2);
          for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
          return new Response(null, { status, headers });
        });
        const jar = await browserHolding();
        const response = await visit(jar, fetch, '/cart', { method });
        assertOneHeaderPerCookie(response.headers.getSetCookie());
        assert.deepEqual(jar.names(), ['__session']);
        assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { cart: 1, lastSeen: 2 });
      });
    }
  }
}
