// withSession's csrf option around a Hono app (withSession(factory, app.fetch), README "Nested calls") whose routes
// use Hono's own methodOverride({ app, query: '_method' }): Hono overrides every method but GET, so a HEAD (which
// the check passes as safe) to /posts/1?_method=DELETE is dispatched again inside the app as a DELETE, which the
// check outside never sees. A page of a sibling subdomain can send that HEAD with the visitor's Lax cookie
// (fetch(url, { method: 'HEAD', mode: 'no-cors', credentials: 'include' }): HEAD needs no preflight).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example.com';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

describe('withSession csrf around a Hono app with methodOverride({ query })', () => {
  it('a HEAD overridden to DELETE inside the app is refused, as the DELETE itself is', async () => {
    const deleted = [];
    const app = new Hono();
    app.use('/posts/*', methodOverride({ app, query: '_method' }));
    app.get('/form', (c) => c.text(csrfToken(c.env.session)));
    app.delete('/posts/:id', (c) => {
      deleted.push(c.req.param('id'));
      return c.text('deleted');
    });
    const fetch = withSession(storage, app.fetch, { csrf: true });
    const form = await fetch(new Request(`${ORIGIN}/form`));
    const cookie = form.headers.getSetCookie()[0].split(';')[0];
    const attack = { Cookie: cookie, 'Sec-Fetch-Site': 'same-site', Origin: 'https://evil.example.com' };

    const direct = await fetch(new Request(`${ORIGIN}/posts/1`, { method: 'DELETE', headers: attack }));
    assert.equal(direct.status, 403);
    const overridden = await fetch(new Request(`${ORIGIN}/posts/2?_method=DELETE`, { method: 'HEAD', headers: attack }));
    assert.equal(overridden.status, 403, 'the HEAD that becomes a DELETE is checked as one');
    assert.deepEqual(deleted, [], 'no DELETE handler ran');
  });
});
