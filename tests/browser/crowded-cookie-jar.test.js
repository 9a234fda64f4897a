// Chromium and the example Worker (SESSION_STORE=cookie, chunks 5), beside another app on another port of the same
// host, whose cookies are the same host's: they push the Cookie header past 64 KiB, each of them far within
// Chromium's limits. Regression (browser pass): the library dropped such a header whole, so the user was signed out,
// every form got a 403 that no reload mended (the CSRF secret set was never read back), and a chunked session's
// stale chunks were never expired. Now the session's own cookies are read out of it (js/cookie-header.js).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, listenLocally, submitForm as submit, withContext } from '../helpers/chromium.js';
import { startWorker } from '../helpers/start-worker.js';

const NOTES = Array.from({ length: 9_000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[(i * 7919) % 36]).join('');

let worker;
let browser;
let sibling; // the other app: GET /set?n=&size= sets n cookies of size bytes
let siblingPort;

before(async () => {
  [browser, worker] = await Promise.all([
    launchChromium(),
    startWorker({ vars: { SESSION_STORE: 'cookie' }, secrets: { SESSION_SECRET: 'crowded-jar-secret-3b7d' } }),
  ]);
  sibling = await listenLocally((request, response) => {
    const url = new URL(request.url, 'http://x');
    const n = Number(url.searchParams.get('n'));
    const size = Number(url.searchParams.get('size'));
    response.writeHead(200, { 'Content-Type': 'text/html', 'Set-Cookie': Array.from({ length: n }, (_, i) => `big${i}=${'v'.repeat(size)}; Path=/; Max-Age=3600`) });
    response.end(`<p>set ${n}</p>`);
  });
  siblingPort = sibling.port;
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  await worker?.dispose();
  await sibling?.close();
});

const heading = async (page) => (await page.locator('h1').textContent()).trim();
const sessionCookies = async (context) => (await context.cookies()).filter((c) => c.name === '__Host-session' || c.name.startsWith('__Host-session.')).map((c) => c.name).sort();
const crowd = (page, n) => page.goto(`http://127.0.0.1:${siblingPort}/set?n=${n}&size=4000`);
const jarBytes = async (context) => (await context.cookies()).reduce((sum, c) => sum + c.name.length + c.value.length + 3, 0);

describe('a Cookie header past 64 KiB, crowded by another app of the host', () => {
  it('sign in, a chunked session and sign out all work beside 17 cookies of 4000 bytes', { timeout: 90_000 }, async () => {
    await withContext(browser, async (context) => {
      const [page, other] = [await context.newPage(), await context.newPage()];
      page.setDefaultTimeout(20_000);
      await crowd(other, 17);
      assert.ok((await jarBytes(context)) > 64 * 1024);
      await page.goto(String(worker.url));
      await page.fill('#name', 'Ada');
      const signIn = await submit(page, 'form[action="/login"] button');
      assert.equal(signIn.status(), 303, (await page.locator('body').textContent()).slice(0, 200));
      assert.equal(await heading(page), 'Hello, Ada!');
      await page.fill('#notes', NOTES);
      assert.equal((await submit(page, 'form[action="/notes"] button')).status(), 303);
      assert.equal(await page.locator('[data-notes-length]').getAttribute('data-notes-length'), '9000');
      assert.ok((await sessionCookies(context)).length >= 4, 'the session spans several cookies');
      assert.equal((await submit(page, 'form[action="/logout"] button')).status(), 303);
      assert.equal(await heading(page), 'Hello, stranger!');
      assert.deepEqual((await sessionCookies(context)).filter((name) => name !== '__Host-session'), [], 'no stale chunk after the logout');
    });
  });

  it('a chunked session stays signed in when the crowd comes after it', { timeout: 90_000 }, async () => {
    await withContext(browser, async (context) => {
      const [page, other] = [await context.newPage(), await context.newPage()];
      page.setDefaultTimeout(20_000);
      await page.goto(String(worker.url));
      await page.fill('#name', 'Ada');
      assert.equal((await submit(page, 'form[action="/login"] button')).status(), 303);
      await page.fill('#notes', NOTES);
      assert.equal((await submit(page, 'form[action="/notes"] button')).status(), 303);
      await crowd(other, 14); // ~56 KB, and ~12.5 KB of the session's own
      assert.ok((await jarBytes(context)) > 64 * 1024);
      await page.goto(String(worker.url));
      assert.equal(await heading(page), 'Hello, Ada!');
      assert.equal(await page.locator('[data-notes-length]').getAttribute('data-notes-length'), '9000');
    });
  });
});
