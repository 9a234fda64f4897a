// withSession's csrf around a Hono app with methodOverride({ app, query: '_method' }) (the case csrf.js
// queryOverrideOf covers): Hono finds the query parameter by its literal name (`?_method=` or `&_method=` in the
// URL; hono 4.7.0, in the peer range ^4.0.0; 4.13 decodes the names before it: this suite's hono runs no DELETE,
// and the 403 is what is asserted), while URLSearchParams decodes names. A HEAD whose first `_method` by
// URLSearchParams is a percent-encoded name saying GET, then a literal `_method=DELETE`, was checked as a GET and
// hono 4.7.0 ran the DELETE (checked by hand against it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example.com';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

describe('withSession csrf around Hono methodOverride({ query }): the parameter as Hono reads it', () => {
  for (const query of ['%5Fmethod=GET&_method=DELETE', '_%6Dethod=GET&_method=DELETE', '_method%3D=x&%5Fmethod=GET&_method=DELETE']) {
    it(`a HEAD to /posts/1?${query} is refused, not run as a DELETE`, async () => {
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
      const response = await fetch(new Request(`${ORIGIN}/posts/1?${query}`, { method: 'HEAD', headers: attack }));
      assert.deepEqual(deleted, [], 'no DELETE handler ran');
      assert.equal(response.status, 403);
    });
  }
});
