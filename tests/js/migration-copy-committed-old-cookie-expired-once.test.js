// README (migrateFrom): a session read from the old cookie is written to the new one, the old cookie expired in the
// same response. A handler that commits its own copy of such a session with commitSessionHeaders sends both; the
// request's session, whose rewrite is then skipped (the response sets its cookie already), adds no second expiry
// of the old cookie. Mutation pass (s45): the lifecycle sending what the skipped rewrite would have sent beside it
// whether or not the response had it went unnoticed; two Set-Cookie headers went out for the old cookie.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];

it('a copy committed with commitSessionHeaders during a migration: the old cookie is expired once', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
  const fetch = withSession(storage, async (request, { session }) => {
    const own = await storage.getSession(request.headers.get('Cookie'));
    own.set('lastSeen', 1);
    const headers = new Headers();
    for (const header of await storage.commitSessionHeaders(own)) headers.append('Set-Cookie', header);
    return Response.json({ user: session.get('user') ?? null }, { headers });
  });
  const jar = await jarHoldingOldCookie(secrets);
  const response = await visit(jar, fetch, '/');
  assertOneHeaderPerCookie(response.headers.getSetCookie());
  assert.deepEqual(jar.names(), ['__session']);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ada' });
});
