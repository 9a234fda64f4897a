// One browser flow for the framework apps of tests/browser/framework-apps/* (each served by workerd, driven by
// Chromium): what a user sees of sign-in, flash, PRG, back/forward, logout, "sign out of my other devices",
// CSRF on first visit and from another origin, and no cookie for a visitor who only reads.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { inNewContext, launchChromium, listenLocally, submitForm as submit, withContext as inContext } from './chromium.js';
import { startWorker } from './start-worker.js';

const STEP_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT = { timeout: 60_000 };

/**
 * @param {string} framework the app's folder under tests/browser/framework-apps
 * @param {{ crossOriginStatus?: number, more?: (app: object) => void }} [options] `more`: the framework's own cases,
 *   given { url, withContext, submit, signIn, heading, flashes, meWith, TEST_TIMEOUT }
 * `crossOriginStatus` what a post from another origin gets: 403 from the csrf check, but
 *   React Router 7.18 refuses an action whose Origin is not the request's with its own 400 before any middleware
 *   (its allowedActionOrigins check, lib/actions.ts)
 */
export function frameworkAppFlows(framework, { crossOriginStatus = 403, more } = {}) {
  const config = fileURLToPath(new URL(`../browser/framework-apps/${framework}/wrangler.toml`, import.meta.url));
  let worker;
  let browser;
  let attacker;
  const url = (path = '/') => new URL(path, worker.url).href;

  before(async () => {
    [browser, worker] = await Promise.all([launchChromium(), startWorker({ config, secrets: { SESSION_SECRET: `browser-${framework}-secret-5e1b` } })]);
    attacker = await listenLocally((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html><body>
<form id="note" method="post" action="${url('/note')}"><input type="hidden" name="message" value="hacked"><input type="hidden" name="_csrf" value="${'A'.repeat(86)}"><button type="submit">Win</button></form>
<form id="logout" method="post" action="${url('/logout')}"><button type="submit">Gift</button></form>
<form id="login" method="post" action="${url('/login')}"><input type="hidden" name="name" value="mallory"><button type="submit">Prize</button></form>
</body></html>`);
    });
  }, { timeout: 45_000 });

  after(async () => {
    await browser?.close();
    await worker?.dispose();
    await attacker?.close();
  });

  const withContext = (run) => inNewContext(browser, run, STEP_TIMEOUT_MS);

  const heading = (page) => page.locator('h1').textContent();
  const flashes = (page) => page.locator('p.flash').allTextContents();

  async function signIn(page, name) {
    await page.goto(url('/'));
    await page.fill('#name', name);
    const response = await submit(page, '#login button');
    assert.equal(response.status(), 303, `sign-in answered ${response.status()}: ${await page.content()}`);
    assert.equal(await heading(page), `Hello, ${name}!`);
    assert.deepEqual(await flashes(page), [`Signed in as ${name}.`]);
  }

  /** A GET of /me in a fresh context holding only `cookies`: what a replayed cookie reads. */
  const meWith = (cookies) =>
    inContext(browser, async (context) => {
      await context.addCookies(cookies);
      return (await context.request.get(url('/me'))).text();
    });

  describe(`${framework} app in workerd, driven by Chromium`, () => {
    it('signs in on a first visit; the flash shows once, survives the redirect; reload and back/forward resubmit nothing', TEST_TIMEOUT, async () => {
      await withContext(async (page) => {
        await signIn(page, 'ada');
        await page.reload();
        assert.deepEqual(await flashes(page), [], 'the sign-in flash is gone on reload');
        await page.fill('#message', 'first note');
        assert.equal((await submit(page, '#note button')).status(), 303);
        assert.deepEqual(await flashes(page), ['Got: first note']);
        assert.equal(await page.locator('#sent').textContent(), '1');
        await page.goto(url('/about'));
        await page.goBack();
        await page.waitForLoadState();
        assert.deepEqual(await flashes(page), [], 'back shows no flash again');
        assert.equal(await page.locator('#sent').textContent(), '1', 'back resubmits nothing');
        await page.goForward();
        await page.goBack();
        await page.reload();
        assert.equal(await page.locator('#sent').textContent(), '1', 'reload resubmits nothing');
        assert.equal(await heading(page), 'Hello, ada!');
      });
    });

    it('logs out for good: the old cookie replayed in a new context reads signed out', TEST_TIMEOUT, async () => {
      await withContext(async (page, context) => {
        await signIn(page, 'bob');
        const before = await context.cookies();
        assert.equal(await meWith(before), 'user: bob');
        assert.equal((await submit(page, '#logout button')).status(), 303);
        assert.equal(await heading(page), 'Hello, stranger!');
        assert.equal(await meWith(before), 'user: none');
        await page.goBack(); // the signed-in page from history, reloaded: still signed out
        await page.reload();
        assert.equal(await heading(page), 'Hello, stranger!');
      });
    });

    it('"sign out of my other devices" ends the other context on its very next request and keeps this one', TEST_TIMEOUT, async () => {
      await withContext(async (laptop, laptopContext) => {
        await withContext(async (phone) => {
          await signIn(laptop, 'cleo');
          await signIn(phone, 'cleo');
          const phoneCookies = await phone.context().cookies();
          const laptopCookies = await laptopContext.cookies(); // a thief's copy: the usual reason to press the button
          assert.equal((await submit(laptop, '#logout-others button')).status(), 303);
          assert.deepEqual(await flashes(laptop), ['Signed out of 1 other devices.']);
          assert.equal(await heading(laptop), 'Hello, cleo!');
          await phone.fill('#message', 'from the revoked phone');
          const posted = await submit(phone, '#note button'); // its very next request: the form it still shows
          assert.equal(posted.status(), 403, 'the revoked device\'s open form is refused');
          await phone.goto(url('/'));
          assert.equal(await heading(phone), 'Hello, stranger!', 'the other device is signed out');
          assert.equal(await meWith(phoneCookies), 'user: none', 'its old cookie is void');
          await laptop.reload();
          assert.equal(await heading(laptop), 'Hello, cleo!', 'this device stays signed in');
          assert.equal(await meWith(await laptopContext.cookies()), 'user: cleo');
          assert.equal(await meWith(laptopCookies), 'user: none', 'a copy of this device\'s cookie from before is void (regenerateId(true))');
        });
      });
    });

    it('refuses posts from a page of another origin (the sign-in form on a first visit too)', TEST_TIMEOUT, async () => {
      await withContext(async (page, context) => {
        await page.goto(`http://127.0.0.1:${attacker.port}/`);
        assert.equal((await submit(page, '#login button')).status(), crossOriginStatus, 'a cross-origin sign-in with no cookie');
        assert.equal((await context.cookies()).length, 0, 'the refused sign-in set no cookie');
        await signIn(page, 'dan');
        for (const form of ['#note', '#logout']) {
          await page.goto(`http://127.0.0.1:${attacker.port}/`);
          assert.equal((await submit(page, `${form} button`)).status(), crossOriginStatus, form);
          await page.goto(url('/'));
          assert.equal(await heading(page), 'Hello, dan!');
          assert.deepEqual(await flashes(page), []);
          assert.equal(await page.locator('#sent').textContent(), '0');
        }
      });
    });

    for (const [size, what] of [[200_000, 'a small upload'], [1_500_000, 'an upload past maxBodyBytes (1 MiB), the token first']]) {
      it(`takes ${what} from the page's own multipart form`, TEST_TIMEOUT, async () => {
        await withContext(async (page) => {
          await signIn(page, 'fay');
          await page.setInputFiles('#file', { name: 'photo.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(size, 7) });
          const response = await submit(page, '#upload button');
          assert.equal(response.status(), 200, await page.content());
          assert.equal(await page.locator('body').textContent(), `got photo.bin ${size}`);
        });
      });
    }

    it('gives a visitor who only reads no cookie, and a signed-in reader no Set-Cookie', TEST_TIMEOUT, async () => {
      await withContext(async (page, context) => {
        for (const path of ['/about', '/me']) {
          const response = await page.goto(url(path));
          assert.equal(response.status(), 200, path);
          assert.equal((await response.allHeaders())['set-cookie'], undefined, path);
        }
        assert.equal((await context.cookies()).length, 0);
        await signIn(page, 'eve');
        const response = await page.goto(url('/me'));
        assert.equal(await response.text(), 'user: eve');
        assert.equal((await response.allHeaders())['set-cookie'], undefined, 'an untouched session writes nothing');
      });
    });
    more?.({ url, withContext, submit, signIn, heading, flashes, meWith, TEST_TIMEOUT });
  });
}
