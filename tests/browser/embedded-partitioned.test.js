// A real browser (Debian's headless Chromium via playwright-core) and an app embedded in another site's iframe
// (tests/browser/embedded-worker: a Shopify or Slack app, a widget, a payment page). Its cookies are __Host-,
// SameSite=None, Secure and Partitioned (CHIPS): the embedding page is http://127.0.0.1:<port>, the app
// http://localhost:<port>, two sites, both secure contexts (Chromium keeps Secure cookies on both over http).
// Playwright's contexts block third-party cookies (the /plain/ control, not Partitioned, is dropped); one test runs
// with --test-third-party-cookie-phaseout too. Every Set-Cookie the library writes (each chunk, each clearing cookie,
// a flash's clear, a logout's) must carry Partitioned, SameSite=None and Secure: a clearing cookie without
// Partitioned leaves the partitioned one in place.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { launchChromium, listenLocally, withContext } from '../helpers/chromium.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./embedded-worker/wrangler.toml', import.meta.url));
const STEP_TIMEOUT_MS = 10_000;

let worker;
let browser;
let embedder;
let appOrigin;
let embedOrigin;

before(async () => {
  [browser, worker] = await Promise.all([
    launchChromium(),
    startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'embedded-test-secret-5b0d7c1e9a2f4e6b8d0c' } }),
  ]);
  appOrigin = `http://localhost:${worker.url.port}`;
  // The embedding site: its page frames the app and holds an attacker's forms that post to it.
  embedder = await listenLocally((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const store = url.searchParams.get('store') ?? 'cookie';
    const token = url.searchParams.get('token') ?? '';
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html><head><meta charset="utf-8"><title>shop</title></head><body>
<iframe name="app" id="app" src="${appOrigin}/${store}/" width="900" height="500"></iframe>
<form id="attack-frame" method="post" action="${appOrigin}/${store}/flash" target="app"><input type="hidden" name="_csrf" value="${token}"><input name="message" value="pwned"><button>into the frame</button></form>
<form id="attack-top" method="post" action="${appOrigin}/${store}/flash"><input type="hidden" name="_csrf" value="${token}"><input name="message" value="pwned"><button>top level</button></form>
</body></html>`);
  });
  embedOrigin = `http://127.0.0.1:${embedder.port}`;
}, { timeout: 45_000 });

after(async () => {
  await browser?.close();
  await embedder?.close();
  await worker?.dispose();
});

/** Every Set-Cookie the app sends in `context`, as `{ where, header }`. */
function recordSetCookies(context) {
  const seen = [];
  context.on('response', async (response) => {
    if (!response.url().startsWith(appOrigin)) return;
    const where = `${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`;
    for (const { name, value } of await response.headersArray()) if (name.toLowerCase() === 'set-cookie') seen.push({ where, header: value });
  });
  return seen;
}

function assertAllPartitioned(seen) {
  assert.ok(seen.length > 0, 'the app wrote cookies');
  for (const { where, header } of seen) {
    const attributes = header.slice(header.indexOf(';'));
    assert.match(attributes, /;\s*Partitioned(;|$)/i, `${where}: ${header.slice(0, 40)}…${attributes}`);
    assert.match(attributes, /;\s*SameSite=None(;|$)/i, `${where}: ${attributes}`);
    assert.match(attributes, /;\s*Secure(;|$)/i, `${where}: ${attributes}`);
  }
}

async function embedded(context, store, token = '') {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(`${embedOrigin}/?store=${store}&token=${encodeURIComponent(token)}`);
  const frame = page.frameLocator('#app');
  await frame.locator('#who').waitFor();
  const submit = async (form, fill) => {
    if (fill) await fill(frame);
    await Promise.all([page.frame({ name: 'app' }).waitForNavigation(), frame.locator(`${form} button`).click()]);
  };
  return { page, frame, submit, text: (selector) => frame.locator(selector).textContent() };
}

const appCookies = async (context, prefix) => (await context.cookies(appOrigin)).filter((c) => c.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));

describe('an app embedded in another site\'s iframe, its cookies Partitioned (CHIPS)', () => {
  it('the control: a SameSite=None cookie without Partitioned is blocked in the frame', { timeout: 40_000 }, async () => {
    await withContext(browser, async (context) => {
      const app = await embedded(context, 'plain');
      await app.submit('#login');
      assert.match(await app.text('body'), /Forbidden/, 'third-party cookies are blocked in this browser');
    });
  });

  for (const store of ['cookie', 'sealed', 'kv']) {
    it(`${store}: sign-in, flash after a POST/redirect/GET and logout in the frame, every Set-Cookie Partitioned`, { timeout: 60_000 }, async () => {
      await withContext(browser, async (context) => {
        const seen = recordSetCookies(context);
        const app = await embedded(context, store);
        assert.equal(await app.text('#who'), 'signed out');
        await app.submit('#login');
        assert.equal(await app.text('#who'), 'signed in as alice');
        assert.equal(await app.text('#flash'), 'welcome');
        await app.page.reload();
        await app.frame.locator('#who').waitFor();
        assert.equal(await app.text('#who'), 'signed in as alice', 'still signed in in the frame after a reload');
        assert.equal(await app.text('#flash'), '', 'the flash was shown once');
        await app.submit('#flash-form');
        assert.equal(await app.text('#flash'), 'saved');
        await app.page.reload();
        await app.frame.locator('#who').waitFor();
        assert.equal(await app.text('#flash'), '');
        const held = await appCookies(context, `__Host-${store}`);
        assert.deepEqual(held.map((c) => [c.name, c.partitionKey, c.sameSite, c.secure, c.httpOnly]), [[`__Host-${store}`, 'http://127.0.0.1', 'None', true, true]]);

        await app.submit('#logout');
        assert.equal(await app.text('#who'), 'signed out');
        assertAllPartitioned(seen);
        assert.ok(seen.some(({ where, header }) => where.startsWith('POST') && /Max-Age=0/i.test(header)), 'the logout expired the cookie');
      });
    });
  }

  // Chromium keeps 10240 bytes of partitioned cookies (names and values) per site in one partition: ~6000 bytes of
  // notes fit in it, over three cookies.
  const notesOf = (length) => Array.from({ length }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[(i * 7919) % 36]).join('');
  for (const store of ['cookie', 'sealed']) {
    it(`${store}: a large session over several partitioned cookies, shrunk, then logged out, leaves none`, { timeout: 60_000 }, async () => {
      await withContext(browser, async (context) => {
        const seen = recordSetCookies(context);
        const app = await embedded(context, store);
        await app.submit('#login');
        await app.submit('#notes', (frame) => frame.locator('#notes textarea').fill(notesOf(6_000)));
        assert.equal(await app.text('#notes-length'), '6000');
        const large = await appCookies(context, `__Host-${store}`);
        assert.ok(large.length >= 3, large.map((c) => c.name).join(', '));
        for (const cookie of large) assert.equal(cookie.partitionKey, 'http://127.0.0.1', cookie.name);

        await app.submit('#notes', (frame) => frame.locator('#notes textarea').fill('short'));
        assert.equal(await app.text('#notes-length'), '5');
        assert.deepEqual((await appCookies(context, `__Host-${store}`)).map((c) => c.name), [`__Host-${store}`], 'the unused chunks were expired');

        await app.submit('#notes', (frame) => frame.locator('#notes textarea').fill(notesOf(6_000)));
        assert.ok((await appCookies(context, `__Host-${store}`)).length >= 3);
        await app.submit('#logout');
        assert.equal(await app.text('#who'), 'signed out');
        assert.equal(await app.text('#notes-length'), '0');
        // The signed-out page's csrf secret starts a new one-cookie session; no chunk is left.
        assert.deepEqual((await appCookies(context, `__Host-${store}`)).map((c) => c.name), [`__Host-${store}`]);
        assertAllPartitioned(seen);
      });
    });

    // Regression (CHIPS pass): a session of 10-16 KB, within the 16 KB Cookie-header budget, was written over four
    // partitioned cookies; Chromium evicted the first, the next request read a fresh session and expired the rest:
    // the user was signed out and the session lost, with no error anywhere.
    it(`${store}: a session past the partition's 10 KiB is refused, and the user stays signed in`, { timeout: 60_000 }, async () => {
      await withContext(browser, async (context) => {
        const app = await embedded(context, store);
        await app.submit('#login');
        await app.submit('#notes', (frame) => frame.locator('#notes textarea').fill(notesOf(9_000)));
        await app.page.reload();
        await app.frame.locator('#who').waitFor();
        assert.equal(await app.text('#who'), 'signed in as alice');
      });
    });
  }

  it('the app opened top-level in another tab is another partition: a session of its own', { timeout: 60_000 }, async () => {
    await withContext(browser, async (context) => {
      const app = await embedded(context, 'kv');
      await app.submit('#login', (frame) => frame.locator('#login input[name=name]').fill('framed'));
      assert.equal(await app.text('#who'), 'signed in as framed');

      const top = await context.newPage();
      top.setDefaultTimeout(STEP_TIMEOUT_MS);
      await top.goto(`${appOrigin}/kv/`);
      assert.equal(await top.locator('#who').textContent(), 'signed out');
      await top.fill('#login input[name=name]', 'top');
      await Promise.all([top.waitForNavigation(), top.click('#login button')]);
      assert.equal(await top.locator('#who').textContent(), 'signed in as top');

      await app.page.reload();
      await app.frame.locator('#who').waitFor();
      assert.equal(await app.text('#who'), 'signed in as framed');
      const held = await appCookies(context, '__Host-kv');
      assert.deepEqual(held.map((c) => c.partitionKey).sort(), ['http://127.0.0.1', 'http://localhost']);
    });
  });

  it('the embedding site cannot post to the app, even with the token; nor read its cookie', { timeout: 60_000 }, async () => {
    await withContext(browser, async (context) => {
      let app = await embedded(context, 'cookie');
      await app.submit('#login');
      await app.page.reload();
      await app.frame.locator('#who').waitFor();
      const token = await app.frame.locator('#flash-form input[name=_csrf]').getAttribute('value');
      await app.page.close();

      app = await embedded(context, 'cookie', token);
      assert.equal(await app.page.evaluate(() => document.cookie), '', 'the embedding page sees none of the app\'s cookies');
      // Into the frame: the frame's navigation is the embedding page's, cross-site.
      await Promise.all([app.page.frame({ name: 'app' }).waitForNavigation(), app.page.click('#attack-frame button')]);
      assert.match(await app.text('body'), /Forbidden: cross-site request/);
      // Top level: a cross-site POST, which carries the SameSite=None cookie (of the top-level partition: none here).
      const [answer] = await Promise.all([app.page.waitForNavigation(), app.page.click('#attack-top button')]);
      assert.equal(answer.status(), 403);

      app = await embedded(context, 'cookie');
      assert.equal(await app.text('#flash'), '', 'nothing was flashed');
      assert.equal(await app.text('#who'), 'signed in as alice');
    });
  });

  // Chromium keeps a Partitioned cookie apart from an unpartitioned one of the same name, domain and path, and sends
  // both, the older first: adding `partitioned: true` to a cookie in use leaves each user's old cookie read first,
  // so a sign-in is not seen and a sign-out does not sign out, until the old cookie expires. README (Choices of the
  // cookie's attributes) says to give the cookie a new name with it, as for a new path or domain, with migrateFrom.
  // Found by the CHIPS pass: README said nothing of it.
  it('partitioned added to a cookie in use: the same name keeps the old cookie first; a new name with migrateFrom moves it', { timeout: 60_000 }, async () => {
    await withContext(browser, async (context) => {
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      const who = () => page.locator('#who').textContent();
      const post = async (store, form, name) => {
        await page.goto(`${appOrigin}/${store}/`);
        if (name) await page.fill(`${form} input[name=name]`, name);
        await Promise.all([page.waitForNavigation(), page.click(`${form} button`)]);
        return who();
      };
      // Signed in top-level (first-party) before the deploy.
      assert.equal(await post('before', '#login', 'old'), 'signed in as old');
      // Same name, now Partitioned: the old unpartitioned cookie is sent first and read.
      assert.equal(await post('after', '#login', 'new'), 'signed in as old', 'the sign-in is not seen');
      assert.equal(await post('after', '#logout'), 'signed in as old', 'the sign-out does not sign out');
      assert.deepEqual((await context.cookies(appOrigin)).map((c) => [c.name, c.partitionKey ?? null]), [['__Host-app', null]]);

      // A new name, with migrateFrom: the session moves into the partitioned cookie, the old one is expired.
      await page.goto(`${appOrigin}/moved/`);
      assert.equal(await who(), 'signed in as old');
      assert.deepEqual((await context.cookies(appOrigin)).map((c) => [c.name, c.partitionKey ?? null]), [['__Host-app-p', 'http://localhost']]);
      assert.equal(await post('moved', '#login', 'new'), 'signed in as new');
      assert.equal(await post('moved', '#logout'), 'signed out');
    });
  });

  it('with --test-third-party-cookie-phaseout the partitioned cookie still works in the frame', { timeout: 60_000 }, async () => {
    const phased = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--test-third-party-cookie-phaseout'] });
    try {
      const context = await phased.newContext();
      const app = await embedded(context, 'sealed');
      await app.submit('#login');
      assert.equal(await app.text('#who'), 'signed in as alice');
      await app.submit('#logout');
      assert.equal(await app.text('#who'), 'signed out');
    } finally {
      await phased.close();
    }
  });
});
