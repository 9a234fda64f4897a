// README "CSRF": a refused request gets a 403, "the handler is not called, and nothing is committed", a pending flash
// kept for the next genuine request; README Hono: a sub-app under app.mount() opens its own copy of the session.
// With the csrf mount in such a sub-app and the outer mount without csrf, the outer mount commits nothing onto the
// 403. Regression (review): the refusal was noted on the sub-app's copy only, and the outer mount wrote a due
// renewal, or cleared the pending flash.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, csrfToken } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';

const ORIGIN = 'http://app.test';
const START = 1_700_000_000_000;
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');

function mounted() {
  const shared = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 3600 });
  const app = new Hono();
  app.use(honoSession(shared));
  app.post('/flash', (c) => {
    c.var.session.flash('notice', 'hello');
    return c.text('flashed');
  });
  const admin = new Hono();
  admin.use(honoSession(shared, { csrf: true }));
  admin.get('/form', (c) => c.text(csrfToken(c.var.session)));
  admin.post('/note', (c) => c.text('saved'));
  app.mount('/admin', admin.fetch);
  return (request) => app.fetch(request);
}

describe('Hono sub-app under app.mount() with csrf, outer mount without', () => {
  it('a refused POST commits nothing (no renewal on the 403)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: START });
    const fetch = mounted();
    const form = await fetch(new Request(`${ORIGIN}/admin/form`));
    const cookie = pairs(form);
    assert.ok(cookie);
    t.mock.timers.setTime(START + 40 * 60_000); // renewal due
    const response = await fetch(new Request(`${ORIGIN}/admin/note`, {
      method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, body: new URLSearchParams({ x: '1' }),
    }));
    assert.equal(response.status, 403);
    assert.deepEqual(response.headers.getSetCookie(), [], 'the 403 carries a Set-Cookie');
  });

  it('a refused POST keeps a pending flash (not cleared by the 403)', async () => {
    const fetch = mounted();
    const flashed = await fetch(new Request(`${ORIGIN}/flash`, { method: 'POST', headers: { Origin: ORIGIN } }));
    const cookie = pairs(flashed);
    const response = await fetch(new Request(`${ORIGIN}/admin/note`, {
      method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, body: new URLSearchParams({ x: '1' }),
    }));
    assert.equal(response.status, 403);
    assert.deepEqual(response.headers.getSetCookie(), [], 'the 403 cleared the pending flash');
  });
});
