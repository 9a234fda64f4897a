// README (withSession, after the handler): several hand commits of a session in one response keep only the latest
// commit's header, with what goes beside it (the migrateFrom cookie's expiry), one Set-Cookie per cookie name.
// During a migration, a route's commitSessionHeaders (the new cookie and the old one's expiry), then a later hand
// commitSession of the same session (a "last seen" stamp, whose one header leaves the old cookie's expiry to the
// lifecycle): the old cookie is expired once, and the browser keeps the latest session. Mutation pass (s50):
// leftoversBeside sending a leftover the response already had, earlier than the latest commit's header, went
// unnoticed; `__old` was expired twice.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];

it('commitSessionHeaders, then a later commitSession by hand, during a migration: __old expired once', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
  const fetch = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname !== '/cart') return Response.json({ cart: session.get('cart') ?? null, lastSeen: session.get('lastSeen') ?? null });
    const headers = new Headers();
    session.set('cart', 1);
    for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
    session.set('lastSeen', 2);
    headers.append('Set-Cookie', await storage.commitSession(session));
    return new Response('added', { headers });
  });
  const jar = await jarHoldingOldCookie(secrets);
  const response = await visit(jar, fetch, '/cart', { method: 'POST' });
  assertOneHeaderPerCookie(response.headers.getSetCookie());
  assert.deepEqual(jar.names(), ['__session']);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { cart: 1, lastSeen: 2 });
});
