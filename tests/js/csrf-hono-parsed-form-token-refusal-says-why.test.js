// README, CSRF: under Hono, "the form a Hono middleware ahead of the check parsed (`c.req.parseBody()`)" is read for
// its `_csrf`, as `formData().get('_csrf')` gives it, and a refusal's 403 "says which rule failed". Two refusals of
// such a form said the wrong thing, each a mutation pass (s46) survivor:
// - a `_csrf` sent as a file part is no token ("missing CSRF token"): the File handed on as the token was told
//   "wrong CSRF token ... not this session's";
// - a server's post (no cookie, no Origin, no Sec-Fetch-Site) with an empty `_csrf` is told it is no browser's and
//   where such a route goes: with the empty value not taken as none, it was told to send the field it had.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, csrfToken } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const ORIGIN = 'https://app.example';

function app() {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const hono = new Hono();
  hono.use(async (c, next) => {
    if (c.req.method === 'POST') await c.req.parseBody(); // a middleware ahead of the check (a logger, a validator)
    await next();
  });
  hono.use(sessionMiddleware(storage, { csrf: true }));
  hono.get('/form', (c) => c.text(csrfToken(c.var.session)));
  hono.post('/notes', (c) => c.text('posted'));
  return hono;
}

it('a _csrf file part in a form Hono parsed first is a missing token, not a wrong one', async () => {
  const hono = app();
  const page = await hono.fetch(new Request(`${ORIGIN}/form`));
  const token = await page.text();
  const form = new FormData();
  form.set('_csrf', new Blob([token]), 'token.txt');
  const headers = { Cookie: page.headers.getSetCookie()[0].split(';')[0], Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' };
  const refused = await hono.fetch(new Request(`${ORIGIN}/notes`, { method: 'POST', headers, body: form }));
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /^Forbidden: missing CSRF token/);
});

it("a server's post with an empty _csrf in a form Hono parsed first is told it is no browser's", async () => {
  const refused = await app().fetch(new Request(`${ORIGIN}/notes`, { method: 'POST', body: new URLSearchParams({ _csrf: '', event: 'paid' }) }));
  assert.equal(refused.status, 403);
  const text = await refused.text();
  assert.match(text, /no cookie, no Origin and no Sec-Fetch-Site/);
  assert.match(text, /keep its route out of the check/);
});
