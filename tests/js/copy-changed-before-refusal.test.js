// Lifecycles with their own copy of the session (withSession around a Hono app or a React Router handler whose
// middleware opens its own; Hono app.mount()), the inner one refusing: the outer copy commits nothing onto the 403,
// whether unchanged or changed before the refusal, as the shared session of app.route() does. Regression (review):
// a change the outer copy made before the refusal (an activity stamp on every POST) went out with the 403, and
// cleared a pending flash.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionMiddleware as rrSession } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'http://app.test';
const START = 1_700_000_000_000;
const EVIL = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
const makeStorage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 3600 });

function withSessionHono(changeBefore) {
  const storage = makeStorage();
  const app = new Hono();
  app.use(honoSession(storage, { csrf: true }));
  app.get('/form', (c) => c.text(csrfToken(c.var.session)));
  app.post('/note', (c) => c.text('saved'));
  return withSession(storage, (request, { session }) => {
    if (changeBefore && request.method === 'POST') session.set('seen', 1);
    return app.fetch(request);
  });
}

function withSessionRR(changeBefore) {
  const storage = makeStorage();
  const handler = createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [rrSession(storage, { csrf: true })] } },
    form: { id: 'form', parentId: 'root', path: 'form', module: { loader: tokenLoader } },
    note: { id: 'note', parentId: 'root', path: 'note', module: { action: () => new Response('saved') } },
  }, { entry: () => new Response('no documents', { status: 500 }) }));
  return withSession(storage, (request, { session }) => {
    if (changeBefore && request.method === 'POST') session.set('seen', 1);
    return handler(request);
  });
}

describe('outer copy, inner refusal', () => {
  for (const [name, make] of [['withSession around Hono', withSessionHono], ['withSession around React Router', withSessionRR]]) {
    for (const changeBefore of [false, true]) {
      it(`${name}${changeBefore ? ', outer copy changed before the check' : ''}: the 403 commits nothing`, async (t) => {
        t.mock.timers.enable({ apis: ['Date'], now: START });
        const fetch = make(changeBefore);
        const form = await fetch(new Request(`${ORIGIN}/form`));
        const cookie = pairs(form);
        assert.ok(cookie);
        t.mock.timers.setTime(START + 40 * 60_000); // renewal due
        const refused = await fetch(new Request(`${ORIGIN}/note`, { method: 'POST', headers: { Cookie: cookie, ...EVIL }, body: new URLSearchParams({ x: '1' }) }));
        assert.equal(refused.status, 403);
        assert.deepEqual(refused.headers.getSetCookie(), [], 'the 403 carries a Set-Cookie');
      });
    }
  }
});

// app.route() (shared session) is the control: it commits nothing; app.mount() (a copy) commits the pre-refusal
// change and clears the pending flash.
function build(how) {
  const shared = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
  const app = new Hono();
  app.use(honoSession(shared));
  app.use(async (c, next) => {
    if (c.req.method === 'POST') c.var.session.set('lastPost', c.req.path); // e.g. an activity stamp
    await next();
  });
  app.post('/flash', (c) => { c.var.session.flash('notice', 'hello'); return c.text('ok'); });
  app.get('/me', (c) => c.text(JSON.stringify({ lastPost: c.var.session.get('lastPost') ?? null, notice: c.var.session.get('notice') ?? null })));
  const admin = new Hono();
  admin.use(honoSession(shared, { csrf: true }));
  admin.get('/form', (c) => c.text(csrfToken(c.var.session)));
  admin.post('/note', (c) => c.text('saved'));
  if (how === 'mount') app.mount('/admin', admin.fetch);
  else app.route('/admin', admin);
  return (r) => app.fetch(r);
}

describe('Hono app.route() vs app.mount(): outer change before the inner refusal', () => {
  for (const how of ['route', 'mount']) {
    it(`${how}: the 403 commits nothing (no pre-refusal change, pending flash kept)`, async () => {
      const fetch = build(how);
      const flashed = await fetch(new Request(`${ORIGIN}/flash`, { method: 'POST', headers: { Origin: ORIGIN } }));
      const cookie = pairs(flashed);
      assert.ok(cookie);
      const refused = await fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers: { Cookie: cookie, ...EVIL }, body: new URLSearchParams({ x: '1' }) }));
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.headers.getSetCookie(), [], `${how}: the 403 carries a Set-Cookie (pre-refusal change committed, flash cleared)`);
    });
  }
});
