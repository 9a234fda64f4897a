// README (CSRF): a refused unsafe request gets a 403, "the handler is not called, and nothing is committed", also
// with the session middleware mounted twice and csrf on the inner mount only. The outer mount knows the refusal by
// its session (the inner mount joined it), not only by the 403 Response object: a middleware between the two that
// answers a copy of the 403 (to add a header) hides that object.
// Mutation pass (s45): finishSession looking for the refusal by the response alone (unchangedSinceRefusal left out)
// went unnoticed; the outer mount's due renewal went out on the copied 403.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, csrfToken } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';

const ORIGIN = 'http://app.test';
const START = 1_700_000_000_000;
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');

it('Hono: a 403 of the inner mount\'s csrf, copied by a middleware between the mounts, commits nothing', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: START });
  const shared = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, idleTimeout: 3600 });
  const app = new Hono();
  app.use(honoSession(shared)); // the whole app has sessions
  app.use(async (c, next) => {
    await next();
    c.res = new Response(c.res.body, c.res); // a copy, to add a header of the app's
    c.res.headers.set('X-Frame-Options', 'DENY');
  });
  const admin = new Hono();
  admin.use(honoSession(shared, { csrf: true })); // the part with forms is protected
  admin.get('/form', (c) => c.text(csrfToken(c.var.session)));
  admin.post('/note', (c) => {
    c.var.session.set('note', 'x');
    return c.text('saved');
  });
  app.route('/admin', admin);
  const form = await app.fetch(new Request(`${ORIGIN}/admin/form`));
  const token = await form.text();
  t.mock.timers.setTime(START + 40 * 60_000); // a renewal is due (touchInterval: 15 minutes)
  const headers = { Cookie: pairs(form), Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
  const response = await app.fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers, body: new URLSearchParams({ _csrf: token }) }));
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('X-Frame-Options'), 'DENY', 'the copy is what the outer mount finishes');
  assert.deepEqual(response.headers.getSetCookie(), [], 'the 403 must commit nothing, yet it carries a Set-Cookie');
});
