// README "Routes that take posts from elsewhere", in a real browser (Debian's headless Chromium via playwright-core):
// an app under withSession(..., { csrf: true }) on 127.0.0.1 keeps its OpenID Connect form_post callback out of the
// check; the identity provider, another site (localhost), posts the form back top-level. What the advice rests on:
// the SameSite=Lax session cookie does not come with that post, the SameSite=None state cookie does, and the
// session cookie the callback's answer sets (Lax) is kept. A page's forged post from the provider's site is still
// refused, and a sendBeacon carrying the token in a URLSearchParams body passes the check (a text one cannot).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { inNewContext, launchChromium, listenLocally } from '../helpers/chromium.js';

const STEP_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT = { timeout: 90_000 };
const secrets = ['posts-from-elsewhere-browser-secret-4f1c'];

let browser;
let app; // the app: 127.0.0.1
let idp; // the identity provider: localhost (another site)
const seen = { callbackCookies: [], beacons: [], notes: [] };

const mainStorage = createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true, secure: true, sameSite: 'lax' } });
const oidcStorage = createCookieSessionStorage({
  cookie: { name: '__oidc', secrets, httpOnly: true, secure: true, sameSite: 'none', maxAge: 600, path: '/auth' },
});
const html = (body) => new Response(`<!doctype html><html><body>${body}</body></html>`, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
const cookieNames = (request) => (request.headers.get('Cookie') ?? '').split(';').map((pair) => pair.split('=')[0].trim()).filter(Boolean);

const pages = withSession(mainStorage, async (request, { session }) => {
  const url = new URL(request.url);
  if (url.pathname === '/login') {
    const oidc = await oidcStorage.getSession(null);
    const state = crypto.randomUUID();
    oidc.set('state', state);
    session.set('stateInSession', state); // what the advice says not to rely on: the Lax cookie stays behind
    const authorize = new URL(`http://localhost:${idp.port}/authorize`);
    authorize.search = new URLSearchParams({ state, redirect_uri: new URL('/auth/callback', url).href, response_mode: 'form_post' });
    return new Response(null, { status: 302, headers: { Location: authorize.href, 'Set-Cookie': await oidcStorage.commitSession(oidc) } });
  }
  if (url.pathname === '/whoami') return html(`<p id="user">${session.get('userId') ?? 'nobody'}</p>`);
  if (url.pathname === '/beacon' && request.method === 'POST') {
    seen.beacons.push(request.headers.get('Content-Type'));
    return new Response(null, { status: 204 });
  }
  if (url.pathname === '/note' && request.method === 'POST') {
    seen.notes.push((await request.formData()).get('note'));
    return html('<p id="saved">saved</p>');
  }
  return html(`<form method="post" action="/note"><input type="hidden" name="_csrf" value="${csrfToken(session)}">
    <input name="note" value="mine"><button>Save</button></form>`);
}, { csrf: true });

const callbacks = withSession(mainStorage, async (request, { session }) => {
  seen.callbackCookies.push(cookieNames(request));
  const form = await request.formData();
  const oidc = await oidcStorage.getSession(request.headers.get('Cookie'));
  if (typeof oidc.get('state') !== 'string' || form.get('state') !== oidc.get('state')) return html('<p id="bad">bad state</p>');
  session.regenerateId();
  session.set('userId', `user-of-${form.get('code')}`);
  return new Response(null, { status: 303, headers: { Location: '/whoami', 'Set-Cookie': await oidcStorage.destroySession(oidc) } });
});

/** The app's fetch: the callback goes to the withSession without csrf, every other route to the checked one. */
const appFetch = (request) => (new URL(request.url).pathname === '/auth/callback' ? callbacks(request, {}) : pages(request, {}));

/** A Node request handler over a fetch handler: the body buffered, every Set-Cookie kept. */
function served(fetch, port) {
  return async (incoming, outgoing) => {
    const chunks = [];
    for await (const chunk of incoming) chunks.push(chunk);
    const headers = new Headers();
    for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i], incoming.rawHeaders[i + 1]);
    const body = incoming.method === 'GET' || incoming.method === 'HEAD' ? undefined : Buffer.concat(chunks);
    const response = await fetch(new Request(`http://${incoming.headers.host ?? `127.0.0.1:${port()}`}${incoming.url}`, { method: incoming.method, headers, body }));
    const out = {};
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') out[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out['set-cookie'] = cookies;
    outgoing.writeHead(response.status, out);
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  };
}

const idpFetch = async (request) => {
  const url = new URL(request.url);
  if (url.pathname === '/authorize') {
    // form_post: the provider's page posts code and state back to redirect_uri, top-level, at once.
    const back = url.searchParams.get('redirect_uri');
    return html(`<form method="post" action="${back}"><input type="hidden" name="code" value="c0de">
      <input type="hidden" name="state" value="${url.searchParams.get('state')}"></form><script>document.forms[0].submit()</script>`);
  }
  // Another site's page: a form that posts to the app's page route with a made-up token.
  return html(`<form method="post" action="${url.searchParams.get('target')}"><input type="hidden" name="_csrf" value="${'A'.repeat(86)}">
    <input type="hidden" name="note" value="forged"><button>Win</button></form>`);
};

before(async () => {
  let appPort;
  [browser, app, idp] = await Promise.all([launchChromium(), listenLocally(served(appFetch, () => appPort)), listenLocally(served(idpFetch, () => 0))]);
  appPort = app.port;
}, { timeout: 45_000 });

after(async () => {
  await browser?.close();
  await app?.close();
  await idp?.close();
});

const withPage = (run) => inNewContext(browser, run, STEP_TIMEOUT_MS);

describe('routes that take posts from elsewhere, in Chromium', () => {
  it('an OIDC form_post callback kept out of the check signs in through its SameSite=None state cookie', TEST_TIMEOUT, async () => {
    await withPage(async (page) => {
      const appUrl = `http://127.0.0.1:${app.port}`;
      await page.goto(`${appUrl}/`); // a page with a form: the session starts
      await page.goto(`${appUrl}/login`);
      await page.waitForURL(`${appUrl}/whoami`);
      assert.equal(await page.locator('#user').textContent(), 'user-of-c0de');
      assert.deepEqual(seen.callbackCookies, [['__oidc']], 'the cross-site post brought the SameSite=None cookie, not the Lax one');
    });
  });

  it('a forged post from the provider\'s site to a page route is still refused', TEST_TIMEOUT, async () => {
    await withPage(async (page) => {
      const appUrl = `http://127.0.0.1:${app.port}`;
      await page.goto(`${appUrl}/`);
      await page.goto(`http://localhost:${idp.port}/forge?target=${encodeURIComponent(`${appUrl}/note`)}`);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button')]);
      assert.equal(response.status(), 403);
      assert.deepEqual(seen.notes, []);
      // The page's own form passes.
      await page.goto(`${appUrl}/`);
      await Promise.all([page.waitForURL(`${appUrl}/note`), page.click('button')]);
      assert.equal(await page.locator('#saved').textContent(), 'saved');
      assert.deepEqual(seen.notes, ['mine']);
    });
  });

  it('a sendBeacon passes with the token in a URLSearchParams body, not as text', TEST_TIMEOUT, async () => {
    await withPage(async (page) => {
      await page.goto(`http://127.0.0.1:${app.port}/`);
      await page.evaluate(() => {
        const token = document.querySelector('input[name="_csrf"]').value;
        navigator.sendBeacon('/beacon', 'event=view'); // text/plain: no token can ride in it
        navigator.sendBeacon('/beacon', new URLSearchParams({ _csrf: token, event: 'view' }));
      });
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      while (seen.beacons.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(seen.beacons, ['application/x-www-form-urlencoded;charset=UTF-8']);
    });
  });
});
