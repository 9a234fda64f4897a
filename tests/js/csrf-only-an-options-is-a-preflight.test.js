// README, CSRF (the rules): a HEAD, OPTIONS or TRACE whose `_method` names an unsafe method is checked as that method;
// "nor is a CORS preflight (an OPTIONS with `Access-Control-Request-Method`)", which carries no cookie. Only an
// OPTIONS is a preflight: a HEAD that carries the header is none, and Hono's methodOverride runs it as the method it
// names. (No page can set that header, a forbidden one, so this pins the rule's edge rather than a browser attack.)
// Mutation pass (s46): the preflight exception taken for any method with that header went unnoticed; a HEAD with it
// and `?_method=DELETE` ran the DELETE handler unchecked.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example.com';

it('a HEAD with Access-Control-Request-Method, naming DELETE in _method, is checked as the DELETE', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'] } });
  const deleted = [];
  const app = new Hono();
  app.use('/posts/*', methodOverride({ app, query: '_method' }));
  app.get('/form', (c) => c.text(csrfToken(c.env.session)));
  app.delete('/posts/:id', (c) => {
    deleted.push(c.req.param('id'));
    return c.text('deleted');
  });
  const fetch = withSession(storage, app.fetch, { csrf: true });
  const cookie = (await fetch(new Request(`${ORIGIN}/form`))).headers.getSetCookie()[0].split(';')[0];
  const headers = { Cookie: cookie, Origin: 'https://evil.example.com', 'Sec-Fetch-Site': 'same-site', 'Access-Control-Request-Method': 'DELETE' };
  const response = await fetch(new Request(`${ORIGIN}/posts/1?_method=DELETE`, { method: 'HEAD', headers }));
  assert.equal(response.status, 403);
  assert.deepEqual(deleted, [], 'no DELETE handler ran');
});
