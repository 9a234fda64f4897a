// withSession's csrf around a Hono app with cors() and methodOverride({ app, query: '_method' }): a trusted origin's
// script sends POST /posts/1?_method=DELETE with its X-CSRF-Token, so the browser first sends a CORS preflight, an
// OPTIONS to that URL with Access-Control-Request-Method and no cookie (preflights carry no credentials, and no page
// can set that header). csrf.js queryOverrideOf checked the preflight as a DELETE: it had no token, got a 403, and
// the browser never sent the request the token was for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example.com';
const ADMIN = 'https://admin.example.com';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

describe('withSession csrf: a CORS preflight to a URL with _method', () => {
  it('passes, and the trusted origin\'s overridden request then runs', async () => {
    const deleted = [];
    const app = new Hono();
    app.use('*', cors({ origin: ADMIN, credentials: true, allowHeaders: ['X-CSRF-Token'] }));
    app.use('/posts/*', methodOverride({ app, query: '_method' }));
    app.get('/token', (c) => c.text(csrfToken(c.env.session)));
    app.delete('/posts/:id', (c) => {
      deleted.push(c.req.param('id'));
      return c.text('deleted');
    });
    const fetch = withSession(storage, app.fetch, { csrf: { trustedOrigins: [ADMIN] } });
    const issued = await fetch(new Request(`${ORIGIN}/token`));
    const token = await issued.text();
    const cookie = issued.headers.getSetCookie()[0].split(';')[0];

    const preflight = await fetch(
      new Request(`${ORIGIN}/posts/1?_method=DELETE`, {
        method: 'OPTIONS',
        headers: { Origin: ADMIN, 'Sec-Fetch-Site': 'same-site', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-csrf-token' },
      }),
    );
    assert.equal(preflight.status, 204, await preflight.clone().text());
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), ADMIN);

    const sent = await fetch(
      new Request(`${ORIGIN}/posts/1?_method=DELETE`, {
        method: 'POST',
        headers: { Origin: ADMIN, 'Sec-Fetch-Site': 'same-site', Cookie: cookie, 'X-CSRF-Token': token },
      }),
    );
    assert.equal(sent.status, 200);
    assert.deepEqual(deleted, ['1']);
  });

  it('a HEAD or an OPTIONS with a cookie and no Access-Control-Request-Method is still checked as the DELETE', async () => {
    const app = new Hono();
    app.use('/posts/*', methodOverride({ app, query: '_method' }));
    app.delete('/posts/:id', (c) => c.text('deleted'));
    const fetch = withSession(storage, app.fetch, { csrf: true });
    for (const method of ['HEAD', 'OPTIONS']) {
      const response = await fetch(new Request(`${ORIGIN}/posts/1?_method=DELETE`, { method, headers: { Origin: 'https://evil.example.com', 'Sec-Fetch-Site': 'cross-site' } }));
      assert.equal(response.status, 403, method);
    }
  });
});
