// A response that expires the session's cookie is a logout, which the request's own session, changed meanwhile, is
// not written over (README, withSession: "when the response expires the cookie the session is written to ... neither
// its write nor a hand commit of it is sent"). Whether a Set-Cookie expires that cookie is read as a browser reads
// it (js/cookie-identity.js endsCookie): a Max-Age of zero or less in any spelling (RFC 6265 5.2.2: "00", "-1"),
// and a Path not starting with "/", the last one included, is no path (5.2.4: the request's default path, "/"
// here). Mutation pass: each of these rules could be dropped with every test passing, and the user stayed signed in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t'];

/** An app whose /logout changes its session, then ends the cookie with `expiring(own)`, a copy's Set-Cookie. */
function app(storage, expiring) {
  return withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') session.set('user', 'ada');
    if (path === '/me') return Response.json({ user: session.get('user') ?? null });
    if (path !== '/logout') return new Response('ok');
    session.set('lastPage', path); // a change of the request's own session, which holds the signed-in user
    const own = await storage.getSession(request.headers.get('Cookie'));
    return new Response('out', { headers: { 'Set-Cookie': await expiring(storage, own) } });
  });
}

const cases = {
  // PHP's setcookie() and others expire with a placeholder value; "00" is a Max-Age of zero (RFC 6265 5.2.2).
  'Max-Age=00, a value kept': async () => '__session=deleted; Max-Age=00; Path=/',
  // A copy committed with a negative maxAge, which the storage writes as it is: the browser drops the cookie.
  'Max-Age=-1 (commitSession with maxAge: -1)': (storage, own) => storage.commitSession(own, { maxAge: -1 }),
  // The browser takes a Path not starting with "/" for none: the default path, "/" for /logout.
  'Path=app': async () => '__session=; Max-Age=0; Path=app',
  // The last Path counts, and that one is none: "/" again, not /elsewhere.
  'Path=/elsewhere; Path=app': async () => '__session=; Max-Age=0; Path=/elsewhere; Path=app',
};

describe('A Set-Cookie expiring the session cookie, read as a browser reads it, is a logout the session\'s change is not written over', () => {
  for (const [spelling, expiring] of Object.entries(cases)) {
    it(spelling, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true } });
      const fetch = app(storage, expiring);
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' }, 'signed in');
      const out = await visit(jar, fetch, '/logout', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null }, JSON.stringify(out.headers.getSetCookie()));
    });
  }
});
