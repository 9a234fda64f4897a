// Regression (audit of issue 14): README "CSRF" says a refused unsafe request gets a 403, "the handler is not called, and
// nothing is committed". With the session middleware mounted twice on one request, as the README's Frameworks
// section describes (Hono: a sub-app's own under app.route(); React Router: a child route's beside the root's),
// and csrf on the inner mount only (protect one part of the app), the inner mount's 403 goes back through the outer
// mount's lifecycle, which commits the session onto the 403: here a rolling renewal (idleTimeout), i.e. a
// Set-Cookie that moves the session's expiry (and a store write on a server-side storage).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, csrfToken } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as rrSession } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'http://app.test';
const START = 1_700_000_000_000;
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
const storage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 3600 });

function honoNested() {
  const shared = storage();
  const app = new Hono();
  app.use(honoSession(shared)); // the whole app has sessions
  const admin = new Hono();
  admin.use(honoSession(shared, { csrf: true })); // the part with forms is protected
  admin.get('/form', (c) => c.text(csrfToken(c.var.session)));
  admin.post('/note', (c) => {
    c.var.session.set('note', 'x');
    return c.text('saved');
  });
  app.route('/admin', admin);
  return (request) => app.fetch(request);
}

function reactRouterNested() {
  const shared = storage();
  const handler = createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [rrSession(shared)] } },
    admin: { id: 'admin', parentId: 'root', path: 'admin', module: { middleware: [rrSession(shared, { csrf: true })] } },
    form: { id: 'form', parentId: 'admin', path: 'form', module: { loader: tokenLoader } },
    note: {
      id: 'note', parentId: 'admin', path: 'note',
      module: { action: ({ context }) => { context.get(sessionContext).set('note', 'x'); return new Response('saved'); } },
    },
  }, { entry: () => new Response('no documents', { status: 500 }) }));
  return (request) => handler(request);
}

describe('a refused request commits nothing, with the session middleware mounted twice (csrf on the inner one)', () => {
  for (const [name, make] of [['Hono app.route() sub-app', honoNested], ['React Router child route', reactRouterNested]]) {
    it(name, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: START });
      const fetch = make();
      const form = await fetch(new Request(`${ORIGIN}/admin/form`));
      const token = await form.text();
      const cookie = pairs(form);
      assert.ok(cookie);
      t.mock.timers.setTime(START + 40 * 60_000); // a renewal is due (touchInterval: 15 minutes)
      for (const [what, headers, fields] of [
        ['cross-site, with the token', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, { _csrf: token }],
        ['no token', { Origin: ORIGIN }, { note: 'forged' }],
      ]) {
        const response = await fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers: { Cookie: cookie, ...headers }, body: new URLSearchParams(fields) }));
        assert.equal(response.status, 403, what);
        assert.deepEqual(response.headers.getSetCookie(), [], `${what}: the 403 must commit nothing, yet it carries a Set-Cookie`);
      }
    });
  }
});
