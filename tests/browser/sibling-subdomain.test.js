// A same-site attacker on a sibling subdomain (issue 14), in Chromium: evil.example.test sets cookies for
// example.test (any name, any Path) that the browser sends to app.example.test too ("cookie tossing"), and posts
// forms to it as a same-site origin. The app is the README's quick start with csrf: true (tests/browser/
// sibling-worker: `__session`, `__session_kv` on KV, and a `__Host-session` twin). README, Security model: the first
// cookie of a name is read (issue 2: first wins), so a sibling's cookie of an unprefixed name is read before the
// user's own; a `__Host-` name is the defence, which these pin in a real browser along with what it defends against.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { withContext } from '../helpers/chromium.js';
import { launchChromiumForSite, serveSite } from '../helpers/sibling-sites.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./sibling-worker/wrangler.toml', import.meta.url));
const STEP_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT = { timeout: 90_000 };

let browser;
let worker;
let site;
let app; // https://app.example.test:<port>
let evil; // https://evil.example.test:<port>

/** The attacker's host: /toss sets the cookie its query spells (`set`), /post posts a form to `action` at once. */
function attacker(request, response, url) {
  if (url.pathname === '/toss') {
    response.writeHead(200, { 'Set-Cookie': url.searchParams.get('set'), 'Content-Type': 'text/html' });
    response.end('<!doctype html><p>tossed</p>');
    return;
  }
  const fields = [...url.searchParams].filter(([name]) => name !== 'action');
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><form id="f" method="post" action="${url.searchParams.get('action')}">${fields
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replace(/"/g, '&quot;')}">`)
    .join('')}</form><script>document.getElementById('f').submit()</script>`);
}

before(async () => {
  [browser, worker] = await Promise.all([launchChromiumForSite(), startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'sibling-test-secret-0c9e2b7d4a1f6e3b8d5c' } })]);
  site = await serveSite({ 'app.example.test': worker.directUrl, 'evil.example.test': attacker });
  app = site.origin('app.example.test');
  evil = site.origin('evil.example.test');
}, { timeout: 45_000 });

after(async () => {
  await browser?.close();
  await site?.close();
  await worker?.dispose();
});

async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return page;
}

async function userAt(page, url) {
  await page.goto(url);
  return page.locator('#user').textContent();
}

/** Submits form `#id` on the page at `url`; the status of its POST. */
async function submitOn(page, url, id, fill = {}) {
  if (url) await page.goto(url);
  for (const [selector, value] of Object.entries(fill)) await page.fill(selector, value);
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click(`#${id} button`)]);
  await page.waitForLoadState();
  return response.status();
}

async function toss(page, setCookie) {
  await page.goto(`${evil}/toss?set=${encodeURIComponent(setCookie)}`);
}

/** A new browser profile (the victim's, or the attacker's own) for `run(page, context)`. */
function asVisitor(run) {
  return withContext(browser, async (context) => run(await newPage(context), context), { ignoreHTTPSErrors: true });
}

async function signIn(page, store, name) {
  assert.equal(await submitOn(page, `${app}/${store}/`, 'login', { '#name': name }), 303, `${name} signs in`);
  assert.equal(await userAt(page, `${app}/${store}/`), `user: ${name}`);
}

const COOKIE = { plain: '__session', kv: '__session_kv', host: '__Host-session' };

describe('a sibling subdomain tosses a cookie of the session\'s name (quick start, csrf: true)', () => {
  it('__Host-session: garbage a sibling tosses is refused by the browser, so the victim stays signed in and can sign in', TEST_TIMEOUT, async () => {
    await asVisitor(async (page) => {
      await signIn(page, 'host', 'alice');
      await toss(page, '__Host-session=garbage; Domain=example.test; Path=/host; Secure; Max-Age=3600');
      assert.equal(await userAt(page, `${app}/host/`), 'user: alice');
      assert.equal(await submitOn(page, null, 'notes-form', { '#note': 'mine' }), 303, 'her forms still pass');
      assert.equal(await page.locator('#notes').textContent(), 'notes: mine');
    });
    await asVisitor(async (page) => {
      await toss(page, '__Host-session=garbage; Domain=example.test; Path=/; Secure; Max-Age=3600');
      await signIn(page, 'host', 'alice');
    });
  });

  // What the README's Security model says of an unprefixed name: the sibling's cookie, sent first, is the one read.
  for (const store of ['plain', 'kv']) {
    it(`${COOKIE[store]}: garbage tossed for a longer path is read first there, a fresh session (README: use __Host-)`, TEST_TIMEOUT, async () => {
      await asVisitor(async (page) => {
        await signIn(page, store, 'alice');
        await toss(page, `${COOKIE[store]}=garbage; Domain=example.test; Path=/${store}; Secure; Max-Age=3600`);
        assert.equal(await userAt(page, `${app}/${store}/`), 'user: stranger');
      });
    });
  }

  it('__session: a form the sibling posts with the token of its own tossed session is refused (same-site)', TEST_TIMEOUT, async () => {
    const { value, token } = await asVisitor(async (page, context) => {
      await signIn(page, 'plain', 'mallory');
      return { value: (await context.cookies(app)).find((c) => c.name === '__session').value, token: await page.locator('#notes-form input[name=_csrf]').getAttribute('value') };
    });
    await asVisitor(async (page) => {
      await signIn(page, 'plain', 'alice');
      await toss(page, `__session=${value}; Domain=example.test; Path=/plain/notes; Secure; Max-Age=3600`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.goto(`${evil}/post?action=${encodeURIComponent(`${app}/plain/notes`)}&_csrf=${token}&notes=planted`),
      ]);
      assert.equal(response.status(), 403);
      assert.equal(await userAt(page, `${app}/plain/`), 'user: alice');
    });
  });

  // README, Security model: a same-named cookie from a sibling "signs them in as the attacker's own session"; a
  // __Host- name is the defence. The victim's note lands in the attacker's account (login CSRF).
  it('__session_kv: the attacker\'s own session tossed for a longer path gets the victim\'s note (README: use __Host-)', TEST_TIMEOUT, async () => {
    await asVisitor(async (mallory, context) => {
      await signIn(mallory, 'kv', 'mallory');
      const { value } = (await context.cookies(app)).find((c) => c.name === '__session_kv');
      await asVisitor(async (page) => {
        await signIn(page, 'kv', 'alice');
        await toss(page, `__session_kv=${value}; Domain=example.test; Path=/kv; Secure; Max-Age=3600`);
        assert.equal(await submitOn(page, `${app}/kv/`, 'notes-form', { '#note': 'card 4242' }), 303);
      });
      await mallory.goto(`${app}/kv/`);
      assert.equal(await mallory.locator('#notes').textContent(), 'notes: card 4242');
    });
  });

  it('__Host-session: no sibling can toss it (Domain, nameless, other case, a chunk)', TEST_TIMEOUT, async () => {
    await asVisitor(async (page, context) => {
      await signIn(page, 'host', 'alice');
      for (const set of ['__Host-session=x; Domain=example.test; Path=/; Secure', '=__Host-session=x; Domain=example.test; Path=/; Secure', '__host-session=x; Domain=example.test; Path=/; Secure', '__Host-session.1=x; Domain=example.test; Path=/; Secure']) {
        await toss(page, set);
      }
      assert.deepEqual((await context.cookies(app)).map((c) => `${c.name} ${c.domain}`), ['__Host-session app.example.test']);
      assert.equal(await userAt(page, `${app}/host/`), 'user: alice');
    });
  });
});
