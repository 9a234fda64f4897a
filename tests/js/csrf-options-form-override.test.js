// withSession's csrf around a Hono app with methodOverride({ app }) in its default mode, the form's `_method` field:
// Hono overrides every method but GET, so an OPTIONS carrying a form body `_method=DELETE` is dispatched again inside
// the app as a DELETE, unseen by the check around app.fetch, which passed the OPTIONS as a safe method (csrf.js
// overriddenMethodOf looked at the query and the override headers only). A browser sends an OPTIONS with a body only
// where the app's CORS lets the method in (a preflight first), as for the header override (csrf-header-override
// test): CORS is no CSRF rule. Here methodOverride comes before cors(), so the OPTIONS reaches it (cors() after it
// answers the preflight, whose Access-Control-Allow-Methods lists OPTIONS, as many apps' lists do).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example.com';
const PARTNER = 'https://partner.example.net';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

function app(deleted) {
  const hono = new Hono();
  hono.use('/posts/*', methodOverride({ app: hono }));
  hono.use('*', cors({ origin: (origin) => origin, credentials: true, allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'] }));
  hono.get('/form', (c) => c.text(csrfToken(c.env.session)));
  hono.delete('/posts/:id', (c) => {
    deleted.push(c.req.param('id'));
    return c.text('deleted');
  });
  return withSession(storage, hono.fetch, { csrf: true });
}

describe('withSession csrf around Hono methodOverride({ app }) (form mode)', () => {
  it('an OPTIONS with a form body _method=DELETE from another origin is refused, as the DELETE itself is', async () => {
    const deleted = [];
    const fetch = app(deleted);
    const form = await fetch(new Request(`${ORIGIN}/form`));
    const cookie = form.headers.getSetCookie()[0].split(';')[0];
    const cross = { Origin: PARTNER, 'Sec-Fetch-Site': 'same-site' };
    const preflight = await fetch(new Request(`${ORIGIN}/posts/1`, { method: 'OPTIONS', headers: { ...cross, 'Access-Control-Request-Method': 'OPTIONS' } }));
    assert.equal(preflight.status, 204, "the app's cors() lets the OPTIONS in");
    assert.match(preflight.headers.get('Access-Control-Allow-Methods'), /OPTIONS/);
    const direct = await fetch(new Request(`${ORIGIN}/posts/1`, { method: 'DELETE', headers: { ...cross, Cookie: cookie } }));
    assert.equal(direct.status, 403);
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', '_method=DELETE'],
      ['multipart/form-data; boundary=X', '--X\r\nContent-Disposition: form-data; name="_method"\r\n\r\nDELETE\r\n--X--\r\n'],
    ]) {
      const overridden = await fetch(new Request(`${ORIGIN}/posts/2`, { method: 'OPTIONS', headers: { ...cross, Cookie: cookie, 'Content-Type': type }, body }));
      assert.equal(overridden.status, 403, `the OPTIONS (${type}) that becomes a DELETE is checked as one`);
    }
    assert.deepEqual(deleted, [], 'no DELETE handler ran');
  });

  it("a same-origin OPTIONS form with the session's token still runs the DELETE it names", async () => {
    const deleted = [];
    const fetch = app(deleted);
    const form = await fetch(new Request(`${ORIGIN}/form`));
    const token = await form.text();
    const cookie = form.headers.getSetCookie()[0].split(';')[0];
    const response = await fetch(
      new Request(`${ORIGIN}/posts/3`, {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `_method=DELETE&_csrf=${encodeURIComponent(token)}`,
      }),
    );
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(deleted, ['3']);
  });
});
