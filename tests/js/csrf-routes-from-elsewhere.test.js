// Routes that take posts from elsewhere, with `csrf` on (README "Routes that take posts from elsewhere"), through
// the real hono, react-router and @remix-run/* packages: a payment webhook (server to server: no cookie, no Origin,
// a JSON body whose raw bytes the handler verifies) and an OpenID Connect `response_mode=form_post` callback (a
// cross-site top-level form post from the identity provider, which the SameSite=Lax session cookie does not
// accompany: the `state` stored before the redirect rides in a dedicated short-lived SameSite=None cookie) are kept
// out of the check by each framework's recipe, while a page's forged form post is still refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { Hono } from 'hono';
import { except } from 'hono/combine';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { csrf } from 'edge-session/remix';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'https://app.test';
const IDP = 'https://idp.example';
const secrets = ['routes-from-elsewhere-secret-8d2b71c0'];
const mainStorage = () =>
  createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true, secure: true, sameSite: 'lax' } });
// The OIDC state's own cookie: SameSite=None so the provider's cross-site form post brings it, ten minutes at most.
const oidcStorage = createCookieSessionStorage({
  cookie: { name: '__oidc', secrets, httpOnly: true, secure: true, sameSite: 'none', maxAge: 600, path: '/auth' },
});

const pairOf = (response, name) => response.headers.getSetCookie().find((value) => value.startsWith(`${name}=`))?.split(';')[0];

/** The app's side of the flows, the same under every framework: each returns a Response. */
const flows = {
  /** GET /login: the state into the __oidc cookie, a redirect to the provider asking for form_post. */
  async login() {
    const oidc = await oidcStorage.getSession(null);
    const state = crypto.randomUUID();
    oidc.set('state', state);
    const location = `${IDP}/authorize?response_mode=form_post&state=${state}&redirect_uri=${ORIGIN}/auth/callback`;
    return new Response(null, { status: 302, headers: { Location: location, 'Set-Cookie': await oidcStorage.commitSession(oidc) } });
  },
  /** POST /auth/callback: the form's state against the __oidc cookie's; then the sign-in on the main session. */
  async callback(request, session, form) {
    const oidc = await oidcStorage.getSession(request.headers.get('Cookie'));
    const expected = oidc.get('state');
    if (typeof expected !== 'string' || form.get('state') !== expected) return new Response('bad state', { status: 400 });
    session.regenerateId();
    session.set('userId', `user-of-${form.get('code')}`);
    return new Response(null, { status: 303, headers: { Location: '/', 'Set-Cookie': await oidcStorage.destroySession(oidc) } });
  },
  /** POST /webhooks/stripe: the raw body, as a signature check needs it. */
  async webhook(request, seen) {
    seen.push(await request.text());
    return new Response('ok');
  },
};

/**
 * Drives one app as a browser and two servers would. `fetch(request)` is the app; `seen` what its webhook handler
 * read; `notes` what its page action saved.
 */
async function fromElsewhere(fetch, seen, notes) {
  // The webhook: no cookie, no Origin, no Sec-Fetch-Site, a JSON body.
  const payload = JSON.stringify({ type: 'checkout.session.completed', id: 'evt_1' });
  const hook = await fetch(new Request(`${ORIGIN}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=abc' },
    body: payload,
  }));
  assert.equal(hook.status, 200, `the webhook passes: ${hook.status} ${await hook.clone().text()}`);
  assert.deepEqual(seen, [payload], 'its handler read the raw body');
  assert.equal(pairOf(hook, '__session'), undefined, 'and no session was written for it');

  // A visitor with a session (a page showed a form) signs in through the provider.
  const page = await fetch(new Request(`${ORIGIN}/form`, { headers: { 'Sec-Fetch-Site': 'none' } }));
  const token = await page.text();
  const session = pairOf(page, '__session');
  assert.ok(session);
  const login = await fetch(new Request(`${ORIGIN}/login`, { headers: { Cookie: session, 'Sec-Fetch-Site': 'same-origin' } }));
  assert.equal(login.status, 302);
  const state = new URL(login.headers.get('Location')).searchParams.get('state');
  const oidc = pairOf(login, '__oidc');
  assert.ok(oidc);
  // The provider's page posts the form back, top level, cross-site: the browser sends __oidc (SameSite=None) but
  // not __session (SameSite=Lax).
  const callback = (fields, cookie = oidc) =>
    fetch(new Request(`${ORIGIN}/auth/callback`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: IDP, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
      body: new URLSearchParams(fields),
    }));
  const forgedCallback = await callback({ code: 'evil', state: 'guessed' });
  assert.equal(forgedCallback.status, 400, 'a callback of the wrong state is refused by its handler');
  const signedIn = await callback({ code: 'c0de', state });
  assert.equal(signedIn.status, 303, `the form_post callback passes: ${signedIn.status} ${await signedIn.clone().text()}`);
  const signedInSession = pairOf(signedIn, '__session');
  assert.ok(signedInSession, 'the sign-in wrote the session');
  assert.match(pairOf(signedIn, '__oidc') ?? '', /^__oidc=$/, 'the state cookie is cleared');
  const whoami = await fetch(new Request(`${ORIGIN}/whoami`, { headers: { Cookie: signedInSession } }));
  assert.equal(await whoami.text(), 'user-of-c0de');

  // Every page form stays protected: another site's form post with the visitor's cookie, and one without a token.
  const post = (fields, headers) =>
    fetch(new Request(`${ORIGIN}/note`, { method: 'POST', headers: { Cookie: session, ...headers }, body: new URLSearchParams(fields) }));
  const crossSite = await post({ note: 'forged', _csrf: token }, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
  assert.equal(crossSite.status, 403);
  const tokenless = await post({ note: 'forged' }, { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(tokenless.status, 403);
  const real = await post({ note: 'mine', _csrf: token }, { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(real.status, 200);
  assert.deepEqual(notes, ['mine']);
}

/** The routes kept out of the check, by exact path. */
const EXEMPT = new Set(['/webhooks/stripe', '/auth/callback']);
const exempt = (request) => EXEMPT.has(new URL(request.url).pathname);

describe('routes that take posts from elsewhere, csrf on', () => {
  it('withSession: the exempt routes are dispatched before the checked withSession, the callback to one without csrf', async () => {
    const seen = [];
    const notes = [];
    const factory = () => mainStorage(); // one factory: both withSession share its storage (one per env)
    const pages = withSession(factory, async (request, { session }) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/login') return flows.login();
      if (pathname === '/whoami') return new Response(session.get('userId') ?? '');
      if (pathname === '/note' && request.method === 'POST') {
        notes.push((await request.formData()).get('note'));
        return new Response('saved');
      }
      return new Response(csrfToken(session));
    }, { csrf: true });
    const callbacks = withSession(factory, async (request, { session }) => flows.callback(request, session, await request.formData()));
    const app = {
      fetch(request, env, ctx) {
        const { pathname } = new URL(request.url);
        if (pathname === '/webhooks/stripe') return flows.webhook(request, seen); // needs no session
        if (pathname === '/auth/callback') return callbacks(request, env, ctx);
        return pages(request, env, ctx);
      },
    };
    await fromElsewhere((request) => app.fetch(request, {}, undefined), seen, notes);
  });

  it('Hono: sessionMiddleware everywhere, its csrf mount under except() of hono/combine', async () => {
    const seen = [];
    const notes = [];
    const storage = mainStorage();
    const app = new Hono();
    app.use(honoSession(storage));
    app.use(except([...EXEMPT], honoSession(storage, { csrf: true })));
    app.post('/webhooks/stripe', (c) => flows.webhook(c.req.raw, seen));
    app.get('/login', () => flows.login());
    app.post('/auth/callback', async (c) => flows.callback(c.req.raw, c.var.session, await c.req.formData()));
    app.get('/whoami', (c) => c.text(c.var.session.get('userId') ?? ''));
    app.get('/form', (c) => c.text(csrfToken(c.var.session)));
    app.post('/note', async (c) => {
      notes.push((await c.req.parseBody()).note);
      return c.text('saved');
    });
    await fromElsewhere((request) => app.fetch(request), seen, notes);
  });

  it('React Router: the root middleware picks the csrf mount or the plain one by path', async () => {
    const seen = [];
    const notes = [];
    const storage = mainStorage();
    const open = reactRouterSession(storage);
    const guarded = reactRouterSession(storage, { csrf: true });
    const route = (id, path, module) => ({ id, parentId: 'root', path, module });
    const handler = createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [(args, next) => (exempt(args.request) ? open : guarded)(args, next)] } },
        'routes/webhook': route('routes/webhook', 'webhooks/stripe', { action: ({ request }) => flows.webhook(request, seen) }),
        'routes/login': route('routes/login', 'login', { loader: () => flows.login() }),
        'routes/callback': route('routes/callback', 'auth/callback', {
          action: async ({ request, context }) => flows.callback(request, context.get(sessionContext), await request.formData()),
        }),
        'routes/whoami': route('routes/whoami', 'whoami', { loader: ({ context }) => new Response(context.get(sessionContext).get('userId') ?? '') }),
        'routes/form': route('routes/form', 'form', { loader: tokenLoader }),
        'routes/note': route('routes/note', 'note', {
          action: async ({ request }) => {
            notes.push((await request.formData()).get('note'));
            return new Response('saved');
          },
        }),
      }, { entry: () => new Response('no documents here', { status: 500 }) }),
    );
    await fromElsewhere((request) => handler(request), seen, notes);
  });

  it('Remix v3: csrf() wrapped in a global middleware that passes the exempt paths on', async () => {
    const seen = [];
    const notes = [];
    const cookie = createCookie('__session', { secrets, httpOnly: true, secure: true, sameSite: 'Lax' });
    const guard = csrf();
    const router = createRouter({
      middleware: [remixSession(cookie, mainStorage()), (context, next) => (exempt(context.request) ? next() : guard(context, next))],
    });
    router.post('/webhooks/stripe', ({ request }) => flows.webhook(request, seen));
    router.get('/login', () => flows.login());
    router.post('/auth/callback', async ({ request, get }) => flows.callback(request, get(Session), await request.formData()));
    router.get('/whoami', ({ get }) => new Response(get(Session).get('userId') ?? ''));
    router.get('/form', ({ get }) => new Response(csrfToken(get(Session))));
    router.post('/note', async ({ request }) => {
      notes.push((await request.formData()).get('note'));
      return new Response('saved');
    });
    await fromElsewhere((request) => router.fetch(request), seen, notes);
  });
});
