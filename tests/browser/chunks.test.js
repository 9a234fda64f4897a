// A real browser (Debian's headless Chromium via playwright-core) and the example Worker with SESSION_STORE=sealed
// (encrypt: true, chunks: 5): a ~12 KB session survives a Post/Redirect/Get across several sealed cookies, then
// shrinks back to one cookie, and the browser keeps no stale chunk.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, withContext } from '../helpers/chromium.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
let browser;

before(async () => {
  [browser, worker] = await Promise.all([
    launchChromium(),
    startWorker({ vars: { SESSION_STORE: 'sealed' }, secrets: { SESSION_SECRET: 'browser-test-secret-9c1e07' } }),
  ]);
}, { timeout: 45_000 });

after(async () => {
  await browser?.close();
  await worker?.dispose();
});

describe('a large sealed session in Chromium', () => {
  it('survives a Post/Redirect/Get over several cookies, shrinks, and leaves no stale chunk', { timeout: 40_000 }, async () => {
    await withContext(browser, async (context) => {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(String(worker.url));
      const sessionCookies = async () => (await context.cookies()).filter((c) => c.name.startsWith('__Host-session')).sort((a, b) => a.name.localeCompare(b.name));

      // Signed in, then 9 KB of notes: a session of ~9.5 KB, sealed (base64url) ~12.5 KB, over four cookies.
      await page.fill('#name', 'Ada');
      await Promise.all([page.waitForURL(String(worker.url)), page.click('form[action="/login"] button[type="submit"]')]);
      const notes = Array.from({ length: 9_000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[(i * 7919) % 36]).join('');
      await page.fill('#notes', notes);
      await Promise.all([page.waitForURL(String(worker.url)), page.click('form[action="/notes"] button[type="submit"]')]);
      assert.equal(await page.locator('[data-notes-length]').getAttribute('data-notes-length'), '9000', 'the large session came back');
      assert.match(await page.locator('dialog[open] p').textContent(), /Notes saved \(9000 characters\)/);
      const large = await sessionCookies();
      assert.ok(large.length >= 4, `${large.length} cookies: ${large.map((c) => c.name).join(', ')}`);
      assert.deepEqual(large.map((c) => c.name), ['__Host-session', ...large.slice(1).map((_, i) => `__Host-session.${i + 1}`)]);
      // The "~12 KB": what the browser holds and sends back in its Cookie header for the session.
      const held = large.reduce((bytes, cookie) => bytes + cookie.name.length + 1 + cookie.value.length, 0);
      assert.ok(held >= 11_500 && held <= 16_384, `${held} bytes of session cookies`);
      for (const cookie of large) {
        assert.ok(cookie.name.length + cookie.value.length < 4096);
        assert.equal(cookie.httpOnly, true);
        assert.doesNotMatch(cookie.value, /abcdefgh|[+/=.]/, 'sealed: no plaintext, base64url only');
      }

      await page.reload();
      assert.equal(await page.locator('[data-notes-length]').getAttribute('data-notes-length'), '9000', 'still there after a reload');

      await page.fill('#notes', 'short');
      await Promise.all([page.waitForURL(String(worker.url)), page.click('form[action="/notes"] button[type="submit"]')]);
      assert.equal(await page.locator('[data-notes-length]').getAttribute('data-notes-length'), '5');
      const small = await sessionCookies();
      assert.deepEqual(small.map((c) => c.name), ['__Host-session'], 'the unused chunk cookies were expired');
      await page.reload();
      assert.equal(await page.locator('[data-notes-length]').getAttribute('data-notes-length'), '5');
    });
  });
});
