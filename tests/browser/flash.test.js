// A real browser (Debian's headless Chromium via playwright-core) using the example Worker inside workerd:
// the flash <dialog> appears after a form post, closes, and does not come back on reload.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '../helpers/chromium.js';
import { startWorker } from '../helpers/start-worker.js';

const SCREENSHOT = fileURLToPath(new URL('../../test-output/flash-dialog.png', import.meta.url));
const KEPT_FORM_SCREENSHOT = fileURLToPath(new URL('../../test-output/kept-form.png', import.meta.url));
const STEP_TIMEOUT_MS = 10_000;

let worker;
let browser;
let keptFormScreenshot;
let screenshot; // written in after(), once the worker is gone: a file appearing in the project while wrangler's
// esbuild watcher runs can start a rebuild that fails noisily during teardown.

before(async () => {
  [browser, worker] = await Promise.all([launchChromium(), startWorker({ secrets: { SESSION_SECRET: 'browser-test-secret-41f7c2' } })]);
}, { timeout: 45_000 });

after(async () => {
  await browser?.close();
  await worker?.dispose();
  if (screenshot) {
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await writeFile(SCREENSHOT, screenshot);
  }
  if (keptFormScreenshot) {
    await mkdir(dirname(KEPT_FORM_SCREENSHOT), { recursive: true });
    await writeFile(KEPT_FORM_SCREENSHOT, keptFormScreenshot);
  }
});

describe('example page in Chromium', () => {
  it('shows a flashed message once in a dialog that the close button closes', { timeout: 40_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 640 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.goto(String(worker.url));
      assert.equal(await page.locator('dialog[open]').count(), 0, 'no dialog before anything was flashed');

      await page.fill('#message', 'Your changes were saved <for real>.');
      await page.selectOption('#severity', 'success');
      await Promise.all([page.waitForURL(String(worker.url)), page.click('form[action="/"] button[type="submit"]')]);

      const dialog = page.locator('dialog[open]');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await dialog.locator('p').textContent(), 'Your changes were saved <for real>.');
      assert.equal(await dialog.getAttribute('data-severity'), 'success');
      // Found by its role and its button's name as a test or a screen reader would (role="status" once hid the
      // dialog role, and the button's aria-label made getByLabel('Message') match it too).
      assert.equal(await page.getByRole('dialog').count(), 1);
      // Named, so a screen reader announces what it is (regression: an unnamed dialog).
      assert.equal(await page.getByRole('dialog', { name: 'Success notice' }).count(), 1);
      assert.equal(await page.getByLabel('Message').count(), 1);
      assert.equal(await page.locator('[data-visits]').textContent(), '2', 'the session cookie came back');
      screenshot = await page.screenshot({ fullPage: true });

      await dialog.getByRole('button', { name: 'Close' }).click();
      await page.locator('dialog').waitFor({ state: 'hidden' });
      assert.equal(await page.locator('dialog[open]').count(), 0, 'the dialog closed');

      await page.reload();
      assert.equal(await page.locator('dialog').count(), 0, 'a reload shows no message');
      assert.equal(await page.locator('[data-visits]').textContent(), '3');
    } finally {
      await context.close();
    }
  });

  it('sends an invalid submission back with what was typed and what was wrong, once', { timeout: 40_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 760 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.goto(String(worker.url));
      await page.fill('#message', 'H');
      await page.selectOption('#severity', 'warning');
      await Promise.all([page.waitForURL(String(worker.url)), page.click('form[action="/"] button[type="submit"]')]);

      assert.equal(await page.inputValue('#message'), 'H', 'the form still holds what the user typed');
      assert.equal(await page.inputValue('#severity'), 'warning');
      const error = page.locator('#message-error');
      await error.waitFor({ state: 'visible' });
      assert.match(await error.textContent(), /at least 2 characters/);
      assert.equal(await page.getAttribute('#message', 'aria-invalid'), 'true');
      assert.equal(await page.locator('dialog[open]').getAttribute('data-severity'), 'error');
      keptFormScreenshot = await page.screenshot({ fullPage: true });

      await page.reload();
      assert.equal(await page.inputValue('#message'), '', 'a reload clears the form');
      assert.equal(await page.locator('#message-error').count(), 0, 'and the error');
      assert.equal(await page.locator('dialog').count(), 0);
    } finally {
      await context.close();
    }
  });
});
