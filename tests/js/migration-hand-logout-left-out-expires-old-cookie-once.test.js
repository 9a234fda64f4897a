// README (withSession, after the handler): a session logged out by hand whose expiring header the handler left out
// gets it again, still one Set-Cookie per cookie name. During a migration (migrateFrom) the handler's own
// commitSessionHeaders, made before the logout, already expired the old cookie in the response; the resent logout
// adds the new cookie's expiry only, not a second one for the old cookie. Mutation pass (s50): the resent logout
// sent its every header whether or not the response had it already went unnoticed; `__old` was expired twice.
// With session.destroy() instead, the lifecycle makes the logout itself, written over the session's own cookie in the
// response: it replaced `__session`'s header but appended `__old`'s expiry beside the hand commit's. Regression (s50,
// found by the lifecycle pass): `__old` was expired twice.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];

for (const logout of ['destroySession', 'session.destroy()']) it(`a hand commit, then a ${logout} left out of the response, during a migration: each cookie expired once`, async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
  const fetch = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname !== '/logout') return Response.json({ user: session.get('user') ?? null });
    session.set('lastSeen', 1);
    const headers = new Headers();
    for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
    if (logout === 'destroySession') await storage.destroySession(session); // its header left out: withSession sends it
    else session.destroy(); // withSession makes the logout
    return new Response('bye', { headers });
  });
  const jar = await jarHoldingOldCookie(secrets);
  const response = await visit(jar, fetch, '/logout', { method: 'POST' });
  assertOneHeaderPerCookie(response.headers.getSetCookie());
  assert.deepEqual(jar.names(), []);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: null });
});
