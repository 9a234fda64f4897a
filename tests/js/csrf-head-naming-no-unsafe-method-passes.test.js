// README, CSRF (the rules): "GET, HEAD, OPTIONS and TRACE pass", but a HEAD, OPTIONS or TRACE whose `_method` or
// override header names an unsafe method "is checked as the unsafe method any of them names", and "An OPTIONS or
// TRACE with a form body is checked as a POST". A HEAD that names no unsafe method is the HEAD it is: Hono's
// methodOverride runs `_method=get` as a GET (fetch normalises the method's case) and an empty `_method` as nothing,
// and a HEAD carries no body however its Content-Type reads. Mutation pass (s46): three mutants refused such a HEAD
// (no token) and went unnoticed: `_method` values compared without upper-casing (`get` taken as unsafe), the empty
// value kept (`''` taken as unsafe), and a HEAD with a form Content-Type taken as a form post.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example.com';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

/** withSession(csrf) around a Hono app with methodOverride({ app, query: '_method' }) on /posts/*; `ran` notes each handler run. */
function overriddenApp() {
  const ran = [];
  const app = new Hono();
  app.use('/posts/*', methodOverride({ app, query: '_method' }));
  app.get('/form', (c) => c.text(csrfToken(c.env.session)));
  app.get('/posts/:id', (c) => {
    ran.push(`GET ${c.req.param('id')}`);
    return c.text('post');
  });
  app.delete('/posts/:id', (c) => {
    ran.push(`DELETE ${c.req.param('id')}`);
    return c.text('deleted');
  });
  return { fetch: withSession(storage, app.fetch, { csrf: true }), ran };
}

describe('a HEAD that names no unsafe method passes without a token, as any HEAD does', () => {
  // From another site (a link checker, a prefetch): no token, no same-origin headers.
  for (const query of ['_method=get', '_method=head', '_method=Get', '_method=', '_method=&_method=head']) {
    it(`HEAD /posts/1?${query}`, async () => {
      const { fetch, ran } = overriddenApp();
      const cookie = (await fetch(new Request(`${ORIGIN}/form`))).headers.getSetCookie()[0].split(';')[0];
      const headers = { Cookie: cookie, Origin: 'https://other.example', 'Sec-Fetch-Site': 'cross-site' };
      const response = await fetch(new Request(`${ORIGIN}/posts/1?${query}`, { method: 'HEAD', headers }));
      assert.equal(response.status, 200, query);
      assert.ok(!ran.some((run) => run.startsWith('DELETE')), 'no DELETE ran');
    });
  }

  it("a HEAD with a form's Content-Type (it carries no body) is not checked as a form post", async () => {
    const { fetch, ran } = overriddenApp();
    const cookie = (await fetch(new Request(`${ORIGIN}/form`))).headers.getSetCookie()[0].split(';')[0];
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=X']) {
      const headers = { Cookie: cookie, Origin: 'https://other.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': type };
      const response = await fetch(new Request(`${ORIGIN}/posts/2`, { method: 'HEAD', headers }));
      assert.equal(response.status, 200, type);
    }
    assert.deepEqual(ran, ['GET 2', 'GET 2']);
  });
});
