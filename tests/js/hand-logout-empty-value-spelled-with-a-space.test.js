// A hand logout that keeps the session's cookie empty (as a migration's logout by hand does: cookie-storage.js
// keptEmpty) ends the session whatever whitespace its value is spelled with: a browser trims the value (RFC 6265 5.2),
// so `__session= ; Max-Age=34560000` leaves the cookie empty, and the request's own session, changed meanwhile, is not
// written over it (README withSession: a Set-Cookie expires the cookie as a browser reads it: "an empty value, or ...").
// Mutation pass (s47): endsCookie taking only a value with no whitespace as empty went unnoticed; the logout was taken
// for none and the session's change written over it: the user stayed signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

it('a Set-Cookie keeping the session cookie empty, its value a space, is a logout the session\'s change is not written over', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['hand-logout-empty-value-spelled'.padEnd(32, '!')], httpOnly: true } });
  const fetch = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') session.set('user', 'ada');
    if (path === '/me') return Response.json({ user: session.get('user') ?? null });
    if (path !== '/logout') return new Response('ok');
    session.set('lastPage', path); // a change of the request's own session, which holds the signed-in user
    return new Response('out', { headers: { 'Set-Cookie': '__session= ; Path=/; Max-Age=34560000' } });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' }, 'signed in');
  const out = await visit(jar, fetch, '/logout', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null }, JSON.stringify(out.headers.getSetCookie()));
});
