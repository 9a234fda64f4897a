// withSession's csrf around a Hono app with methodOverride({ app, header: 'X-HTTP-Method-Override' }), the header
// mode of the override csrf.js queryOverrideOf covers in its query mode: Hono overrides every method but GET, so a
// HEAD carrying `X-HTTP-Method-Override: DELETE` is dispatched again inside the app as a DELETE, which the check
// around app.fetch never sees. A page can send that header only where the app's CORS lets it (a preflight first),
// but CORS is no CSRF rule: an origin cors() lets in (a reflecting `origin: (o) => o`, a partner's) is refused a
// real DELETE by csrf's origin rule, and got this one through.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example.com';
const PARTNER = 'https://partner.example.net';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

describe('withSession csrf around Hono methodOverride({ header })', () => {
  it('a HEAD overridden to DELETE by the header is refused, as the DELETE itself is', async () => {
    const deleted = [];
    const app = new Hono();
    app.use('*', cors({ origin: (origin) => origin, credentials: true }));
    app.use('/posts/*', methodOverride({ app, header: 'X-HTTP-Method-Override' }));
    app.get('/form', (c) => c.text(csrfToken(c.env.session)));
    app.delete('/posts/:id', (c) => {
      deleted.push(c.req.param('id'));
      return c.text('deleted');
    });
    const fetch = withSession(storage, app.fetch, { csrf: true });
    const form = await fetch(new Request(`${ORIGIN}/form`));
    const cookie = form.headers.getSetCookie()[0].split(';')[0];
    const cross = { Origin: PARTNER, 'Sec-Fetch-Site': 'cross-site' };

    const preflight = await fetch(
      new Request(`${ORIGIN}/posts/1`, { method: 'OPTIONS', headers: { ...cross, 'Access-Control-Request-Method': 'HEAD', 'Access-Control-Request-Headers': 'x-http-method-override' } }),
    );
    assert.equal(preflight.status, 204, 'the app\'s cors() lets the header in');
    const direct = await fetch(new Request(`${ORIGIN}/posts/1`, { method: 'DELETE', headers: { ...cross, Cookie: cookie } }));
    assert.equal(direct.status, 403);
    for (const value of ['DELETE', 'delete']) {
      const overridden = await fetch(new Request(`${ORIGIN}/posts/2`, { method: 'HEAD', headers: { ...cross, Cookie: cookie, 'X-HTTP-Method-Override': value } }));
      assert.equal(overridden.status, 403, `the HEAD that becomes a ${value} is checked as one`);
    }
    assert.deepEqual(deleted, [], 'no DELETE handler ran');
  });
});
