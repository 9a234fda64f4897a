// Attacks on the csrf option by spelling (pentest pass), through withSession, the Hono and React Router middlewares and
// Remix v3's csrf(): a post carrying the victim's own valid token from another origin of the same host (the other
// scheme, another port), or with a Sec-Fetch-Site no browser sends (another case),
// is refused; and so is an unsafe method spelled so the framework still routes it (a lowercase `patch`, which
// undici keeps as sent and fetch-router routes as PATCH; an unknown PURGE) when it carries no token. None runs a
// handler or sets a cookie, and the session is left as it was.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createMemorySessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { csrf } from 'edge-session/remix';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const ORIGIN = 'http://app.test';
const SECRET = 'spellings-secret-0123456789abcdef0123';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const pairOf = (response) => response.headers.getSetCookie().find((header) => header.startsWith('__session='))?.split(';')[0];

/** GET /form answers the session's token and what it holds; any unsafe method on /write records it and writes. */
function act(method, path, session) {
  if (path === '/form') return { token: csrfToken(session), wrote: session.get('wrote') ?? null };
  if (SAFE.has(method)) return {};
  session.set('wrote', method);
  return { wrote: method };
}

const fronts = {
  withSession(storage, ran) {
    return withSession(storage, (request, { session }) => {
      const path = new URL(request.url).pathname;
      if (path !== '/form' && !SAFE.has(request.method)) ran.push(request.method);
      return Response.json(act(request.method, path, session));
    }, { csrf: true });
  },
  Hono(storage, ran) {
    const app = new Hono();
    app.use(honoSession(storage, { csrf: true }));
    app.all('*', (c) => {
      const path = new URL(c.req.url).pathname;
      if (path !== '/form' && !SAFE.has(c.req.method)) ran.push(c.req.method);
      return c.json(act(c.req.method, path, c.var.session));
    });
    return (request) => app.fetch(request);
  },
  'React Router'(storage, ran) {
    const run = ({ request, context }) => {
      const path = new URL(request.url).pathname;
      if (path !== '/form' && !SAFE.has(request.method)) ran.push(request.method);
      return Response.json(act(request.method, path, context.get(sessionContext)));
    };
    const handler = createRequestHandler(reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [reactRouterSession(storage, { csrf: true })] } },
      'routes/any': { id: 'routes/any', parentId: 'root', path: '*', module: { loader: run, action: run } },
    }, { entry: () => new Response('no documents here', { status: 500 }) }));
    return (request) => handler(request);
  },
  'Remix v3'(storage, ran) {
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: [SECRET] }), storage), csrf()] });
    const run = ({ request, get, method }) => {
      const path = new URL(request.url).pathname;
      if (path !== '/form' && !SAFE.has(method)) ran.push(method);
      return Response.json(act(method, path, get(Session)));
    };
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) router[method]('*path', run);
    return (request) => router.fetch(request);
  },
};

const withToken = (headers) => ({ method: 'POST', headers, token: true });
const attacks = {
  'its own host over the other scheme': withToken({ Origin: 'https://app.test' }),
  'its own host on another port': withToken({ Origin: 'http://app.test:8080' }),
  'Sec-Fetch-Site: Same-Origin (another case), no Origin': withToken({ 'Sec-Fetch-Site': 'Same-Origin' }),
  'a lowercase patch, no token': { method: 'patch', headers: { Origin: ORIGIN } },
  'an unknown PURGE, no token': { method: 'PURGE', headers: { Origin: ORIGIN } },
};

for (const [frontName, front] of Object.entries(fronts)) {
  describe(`csrf by spelling (${frontName})`, () => {
    for (const [name, { method, headers, token }] of Object.entries(attacks)) {
      it(`refuses ${name}: no handler, no cookie, nothing written`, async () => {
        const ran = [];
        const fetch = front(createMemorySessionStorage({ cookie: { name: '__session', secrets: [SECRET] } }), ran);
        const form = await fetch(new Request(`${ORIGIN}/form`));
        const cookie = pairOf(form);
        const { token: victimToken } = await form.json();
        const body = token ? new URLSearchParams({ _csrf: victimToken }) : undefined;
        const response = await fetch(new Request(`${ORIGIN}/write`, { method, headers: { ...headers, Cookie: cookie }, body }));
        assert.ok(response.status >= 400, `answered ${response.status}`);
        assert.deepEqual(ran, [], 'no handler ran');
        assert.deepEqual(response.headers.getSetCookie(), [], 'no cookie set');
        const after = await (await fetch(new Request(`${ORIGIN}/form`, { headers: { Cookie: cookie } }))).json();
        assert.equal(after.wrote, null, 'the session is as it was');
      });
    }

    // The control: each attack's request, spelled as the site's own form sends it, passes (so the refusals above are
    // the spelling's, not the app's).
    it('passes the same post with its own Origin and the token', async () => {
      const ran = [];
      const fetch = front(createMemorySessionStorage({ cookie: { name: '__session', secrets: [SECRET] } }), ran);
      const form = await fetch(new Request(`${ORIGIN}/form`));
      const cookie = pairOf(form);
      const { token } = await form.json();
      const response = await fetch(new Request(`${ORIGIN}/write`, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: new URLSearchParams({ _csrf: token }) }));
      assert.equal(response.status, 200);
      assert.deepEqual(ran, ['POST']);
    });
  });
}
