// A response the request lifecycle sets a session's cookie on is marked `Cache-Control: private` (RFC 9111 5.2.2.7).
// Regression (pass on credentials in observable output): the lifecycle appended the Set-Cookie and left the caching
// headers as they were, so an app's `Cache-Control: public, max-age=300` went out beside a signed-in user's cookie,
// and a first page whose CSRF token started a session had no Cache-Control at all. A shared cache (a CDN, a proxy)
// that stored either would hand the next visitor this visitor's cookie (one session for all: a fixation) or the page
// made from it. Responses with no Set-Cookie of the session's keep their headers as the handler made them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, createMemorySessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as routerSession } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };

/** withSession over `storage` whose handler signs in (path /login) and answers with `headers`. */
function appAnswering(storage, headers) {
  return withSession(storage, (request, { session }) => {
    if (new URL(request.url).pathname === '/login') session.set('userId', 'ada');
    return new Response(`hello ${session.get('userId') ?? 'stranger'}`, { headers });
  });
}

async function signedIn(storage, headers) {
  const response = await appAnswering(storage, headers)(new Request('https://app.test/login'));
  assert.equal(response.headers.getSetCookie().length, 1, 'the sign-in sets the cookie');
  return response;
}

describe('a response that sets the session cookie is kept from shared caches', () => {
  for (const [name, storage] of [
    ['cookie storage', () => createCookieSessionStorage({ cookie })],
    ['memory storage', () => createMemorySessionStorage({ cookie })],
  ]) {
    it(`${name}: no Cache-Control of its own gets private`, async () => {
      assert.equal((await signedIn(storage(), {})).headers.get('Cache-Control'), 'private');
    });
  }

  it("the app's public and s-maxage go, its browser directives stay", async () => {
    const response = await signedIn(createCookieSessionStorage({ cookie }), { 'Cache-Control': 'public, max-age=300, s-maxage=600, proxy-revalidate, must-revalidate' });
    assert.equal(response.headers.get('Cache-Control'), 'private, max-age=300, must-revalidate');
  });

  it('the CDN-targeted fields, which shared caches obey over Cache-Control, go', async () => {
    const response = await signedIn(createCookieSessionStorage({ cookie }), {
      'Cache-Control': 'no-store',
      'CDN-Cache-Control': 'max-age=300',
      'Cloudflare-CDN-Cache-Control': 'max-age=300',
      'Surrogate-Control': 'max-age=300',
    });
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.deepEqual(['CDN-Cache-Control', 'Cloudflare-CDN-Cache-Control', 'Surrogate-Control'].filter((field) => response.headers.has(field)), []);
  });

  for (const given of ['private', 'no-store', 'private, max-age=60', 'max-age=0, private, must-revalidate', 'no-cache, NO-STORE']) {
    it(`"${given}" is kept as it is`, async () => {
      assert.equal((await signedIn(createCookieSessionStorage({ cookie }), { 'Cache-Control': given })).headers.get('Cache-Control'), given);
    });
  }

  it('private for the Set-Cookie alone (private="Set-Cookie") still gets private: the page is made from the session', async () => {
    const response = await signedIn(createCookieSessionStorage({ cookie }), { 'Cache-Control': 'private="Set-Cookie", max-age=60' });
    assert.equal(response.headers.get('Cache-Control'), 'private, private="Set-Cookie", max-age=60');
  });

  it("a first page whose CSRF token starts the session is private", async () => {
    const fetch = withSession(createMemorySessionStorage({ cookie }), (request, { session }) =>
      new Response(`<input name="_csrf" value="${csrfToken(session)}">`, { headers: { 'Content-Type': 'text/html' } }));
    const response = await fetch(new Request('https://app.test/form'));
    assert.equal(response.headers.getSetCookie().length, 1);
    assert.equal(response.headers.get('Cache-Control'), 'private');
  });

  it('a logout (its expiring cookie) is private too', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const pair = (await signedIn(storage, {})).headers.getSetCookie()[0].split(';')[0];
    const fetch = withSession(storage, (request, { session }) => {
      session.destroy();
      return new Response('bye', { headers: { 'Cache-Control': 'public, max-age=60' } });
    });
    const response = await fetch(new Request('https://app.test/logout', { method: 'POST', headers: { Cookie: pair } }));
    assert.match(response.headers.getSetCookie()[0], /Max-Age=0|Expires=Thu, 01 Jan 1970/);
    assert.equal(response.headers.get('Cache-Control'), 'private, max-age=60');
  });

  it('a response with no Set-Cookie of the session keeps its headers: a public page stays public', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const pair = (await signedIn(storage, {})).headers.getSetCookie()[0].split(';')[0];
    const page = await appAnswering(storage, { 'Cache-Control': 'public, max-age=300', 'CDN-Cache-Control': 'max-age=60' })(
      new Request('https://app.test/', { headers: { Cookie: pair } }),
    );
    assert.equal(page.headers.getSetCookie().length, 0);
    assert.equal(page.headers.get('Cache-Control'), 'public, max-age=300');
    assert.equal(page.headers.get('CDN-Cache-Control'), 'max-age=60');
  });

  it('Hono: the sign-in the middleware commits is private', async () => {
    const app = new Hono();
    app.use(honoSession(createCookieSessionStorage({ cookie })));
    app.post('/login', (c) => {
      c.var.session.set('userId', 'ada');
      c.header('Cache-Control', 'public, max-age=300');
      return c.text('welcome');
    });
    const response = await app.request('https://app.test/login', { method: 'POST', headers: { 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(response.headers.getSetCookie().length, 1);
    assert.equal(response.headers.get('Cache-Control'), 'private, max-age=300');
  });

  it('React Router: the sign-in the middleware commits is private', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const app = createRequestHandler(
      reactRouterBuild({
        root: {
          id: 'root',
          path: '',
          module: {
            middleware: [routerSession(storage)],
            default: () => null,
            headers: () => ({ 'Cache-Control': 'public, s-maxage=300' }),
            loader: ({ context }) => (context.get(sessionContext).set('userId', 'ada'), { ok: true }),
          },
        },
      }),
    );
    const response = await app(new Request('https://app.test/?_data=root', { headers: { Accept: 'text/html' } }));
    assert.equal(response.headers.getSetCookie().length, 1, `status ${response.status}`);
    assert.equal(response.headers.get('Cache-Control'), 'private');
  });
});
