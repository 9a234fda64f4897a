// A hand logout whose Expires is this very second removes the cookie at once, as a browser reads it (Chromium takes a
// cookie as expired when now >= its expiry; tests/helpers/browser-jar.js: "now or earlier deletes"), so the
// request's own session, changed meanwhile, is not written over it (README withSession: "its last Expires in the
// past", the end having come). Expires holds whole seconds: an app writing `new Date()` rounded down, or a clock on
// a whole second, writes an Expires equal to now.
// Mutation pass (s47): expiresAtOnce taking only an Expires before now (`<` for `<=`) went unnoticed; the logout
// was taken for none and the session's change written over it: the user stayed signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const NOW = Date.UTC(2031, 0, 1); // a whole second

it('a Set-Cookie whose Expires is now, with a value kept, is a logout the session\'s change is not written over', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['hand-logout-expires-now'], httpOnly: true } });
  const fetch = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') session.set('user', 'ada');
    if (path === '/me') return Response.json({ user: session.get('user') ?? null });
    if (path !== '/logout') return new Response('ok');
    session.set('lastPage', path); // a change of the request's own session, which holds the signed-in user
    return new Response('out', { headers: { 'Set-Cookie': `__session=deleted; Path=/; Expires=${new Date(NOW).toUTCString()}` } });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' }, 'signed in');
  const out = await visit(jar, fetch, '/logout', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null }, JSON.stringify(out.headers.getSetCookie()));
});
