// CSRF in a real browser (Debian's headless Chromium via playwright-core) against the example Worker in workerd:
// its own forms work; a form on a page served by a second local server (another origin: another port of the same
// host, which is same-site and gets the SameSite=Lax cookie, or another host, cross-site) is refused with 403 and
// changes nothing; a missing, stale or foreign token is refused; a visitor who only reads gets no cookie.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inNewContext, launchChromium, listenLocally, submitForm as submit } from '../helpers/chromium.js';
import { startWorker } from '../helpers/start-worker.js';

// A loaded 2-core CI machine (two workerd suites beside Chromium) has taken over 10 s to show a page.
const STEP_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT = { timeout: 90_000 };

let worker;
let browser;
let attacker; // the second server: serves a page whose form posts to the Worker
let attackerPort;

/** The attacker's page: a form that posts a flash message and a made-up token to the Worker, and one that signs out. */
function attackPage(target) {
  return `<!doctype html><html><body>
<form id="flash" method="post" action="${new URL('/', target)}">
  <input type="hidden" name="message" value="You have been hacked"><input type="hidden" name="severity" value="error">
  <input type="hidden" name="_csrf" value="${'A'.repeat(86)}">
  <button type="submit">Win a prize</button>
</form>
<form id="logout" method="post" action="${new URL('/logout', target)}"><button type="submit">Free gift</button></form>
</body></html>`;
}

before(async () => {
  [browser, worker] = await Promise.all([launchChromium(), startWorker({ secrets: { SESSION_SECRET: 'browser-csrf-secret-93a1d0' } })]);
  attacker = await listenLocally((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(attackPage(worker.url));
  });
  attackerPort = attacker.port;
}, { timeout: 45_000 });

after(async () => {
  await browser?.close();
  await worker?.dispose();
  await attacker?.close();
});

const withPage = (run) => inNewContext(browser, run, STEP_TIMEOUT_MS);

async function signIn(page, name) {
  await page.goto(String(worker.url));
  await page.fill('#name', name);
  const response = await submit(page, 'form[action="/login"] button');
  assert.equal(response.status(), 303);
  assert.equal(await page.locator('h1').textContent(), `Hello, ${name}!`);
}

/** The signed-in home page, with no message: what a refused attack must leave. */
async function assertUnchanged(page, name) {
  await page.goto(String(worker.url));
  assert.equal(await page.locator('h1').textContent(), `Hello, ${name}!`, 'still signed in');
  assert.equal(await page.locator('dialog[open]').count(), 0, 'nothing was flashed');
}

async function assertRefused(response, page, reason) {
  assert.equal(response.status(), 403);
  assert.match(await page.locator('body').textContent(), reason);
}

describe('CSRF in Chromium', () => {
  it('lets the example\'s own forms through: sign in, flash, sign out', TEST_TIMEOUT, async () => {
    await withPage(async (page) => {
      await signIn(page, 'Ada');
      await page.fill('#message', 'Protected and working');
      assert.equal((await submit(page, 'form[action="/"] button[type="submit"]')).status(), 303);
      assert.equal(await page.locator('dialog[open] p').textContent(), 'Protected and working');
      assert.equal((await submit(page, 'form[action="/logout"] button')).status(), 303);
      assert.equal(await page.locator('h1').textContent(), 'Hello, stranger!');
    });
  });

  for (const [kind, host, reason] of [
    ['another port of the same host (same-site: the Lax cookie goes along)', '127.0.0.1', /same-site/],
    ['another host (cross-site)', 'localhost', /cross-site/],
  ]) {
    it(`refuses a post from a page on ${kind} and changes nothing`, TEST_TIMEOUT, async () => {
      await withPage(async (page) => {
        await signIn(page, 'Grace');
        for (const form of ['#flash', '#logout']) {
          await page.goto(`http://${host}:${attackerPort}/`);
          await assertRefused(await submit(page, `${form} button`), page, reason);
          await assertUnchanged(page, 'Grace');
        }
      });
    });
  }

  it('refuses the example\'s form without its token', TEST_TIMEOUT, async () => {
    await withPage(async (page) => {
      await signIn(page, 'Ada');
      await page.locator('form[action="/logout"] input[name="_csrf"]').evaluate((input) => input.remove());
      await assertRefused(await submit(page, 'form[action="/logout"] button'), page, /missing CSRF token/);
      await assertUnchanged(page, 'Ada');
    });
  });

  it('refuses another visitor\'s token', TEST_TIMEOUT, async () => {
    await withPage(async (mallorysPage) => {
      await mallorysPage.goto(String(worker.url));
      const mallorysToken = await mallorysPage.locator('form[action="/"] input[name="_csrf"]').inputValue();
      await withPage(async (page) => {
        await signIn(page, 'Ada');
        await page.locator('form[action="/logout"] input[name="_csrf"]').evaluate((input, token) => (input.value = token), mallorysToken);
        await assertRefused(await submit(page, 'form[action="/logout"] button'), page, /wrong CSRF token/);
        await assertUnchanged(page, 'Ada');
      });
    });
  });

  it('refuses a stale token: a form left open in a tab after signing out in another', TEST_TIMEOUT, async () => {
    await withPage(async (page, context) => {
      await signIn(page, 'Ada');
      const otherTab = await context.newPage();
      await otherTab.goto(String(worker.url));
      await submit(otherTab, 'form[action="/logout"] button'); // the session ends; the page after it starts a new one
      assert.equal(await otherTab.locator('h1').textContent(), 'Hello, stranger!');

      await page.fill('#message', 'From the old tab');
      await assertRefused(await submit(page, 'form[action="/"] button[type="submit"]'), page, /wrong CSRF token/);
      await page.goto(String(worker.url));
      assert.equal(await page.locator('dialog[open]').count(), 0, 'nothing was flashed');
    });
  });

  it('gives a visitor who only reads the form-less page no cookie', TEST_TIMEOUT, async () => {
    await withPage(async (page, context) => {
      const response = await page.goto(new URL('/about', worker.url).href);
      assert.equal(response.status(), 200);
      assert.equal((await response.allHeaders())['set-cookie'], undefined);
      await page.click('a[href="/"]');
      await page.waitForLoadState();
      assert.equal((await context.cookies()).length, 1, 'the page with forms does start a session');
    });
  });
});
