// A middleware ahead of the inner CSRF check (shared session, Hono app.route()) changes the session and commits it
// by hand; the commit is refused (chunks: SEVERAL_COOKIES; over the 16 KB budget) and the middleware catches it
// (README: "A refused commitSession writes nothing and leaves the session to be written"). The inner mount then
// refuses the request: nothing is written, and the answer stays the 403. Regression (review): such a commit counted
// as a change that must be sent, and the 403 carried the change as two chunks, or became a 500 (too large).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';

const ORIGIN = 'http://app.test';
const EVIL = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
const rand = (n) => { let s = ''; while (s.length < n) s += Math.random().toString(36).slice(2); return s.slice(0, n); };

function build(size) {
  const shared = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, chunks: 5 });
  const app = new Hono();
  app.use(honoSession(shared));
  app.use(async (c, next) => {
    if (c.req.method === 'POST') {
      c.var.session.set('draft', rand(size));
      try {
        c.header('Set-Cookie', await shared.commitSession(c.var.session), { append: true });
      } catch (error) {
        c.set('commitError', error.code);
      }
    }
    await next();
  });
  const admin = new Hono();
  admin.use(honoSession(shared, { csrf: true }));
  admin.post('/note', (c) => c.text('saved'));
  app.route('/admin', admin);
  return (r) => app.fetch(r);
}

describe('a hand commit refused before the inner CSRF refusal', () => {
  it('SEVERAL_COOKIES: the 403 commits nothing (the change was made before the refusal)', async () => {
    const fetch = build(6000);
    const refused = await fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers: EVIL, body: new URLSearchParams({ x: '1' }) }));
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.headers.getSetCookie(), [], 'the pre-refusal change went out on the 403');
  });
  it('over the Cookie budget: still a 403 (not a 500)', async () => {
    const fetch = build(13000);
    const refused = await fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers: EVIL, body: new URLSearchParams({ x: '1' }) }));
    assert.equal(refused.status, 403, `got ${refused.status}: ${await refused.clone().text()}`);
  });
});
