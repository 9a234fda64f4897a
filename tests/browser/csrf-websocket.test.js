// Cross-site WebSocket hijacking in a real browser (headless Chromium) against withSession's `csrf: true` inside
// workerd (tests/browser/websocket-worker). A WebSocket handshake is a GET, which the CSRF rules let through, but it
// opens a channel the session authenticates (README: an upgrade "keeps its socket, which may go on reading the
// session"), and the browser sends the session's SameSite=Lax cookie with it from any page of the same site: another
// port of the host, a sibling subdomain, which `csrf` counts as an attacker and refuses every form of. A page served
// by a second local server (another port: same-site) opened a socket with the victim's cookie and read their session,
// while its form posts got the 403. Browsers cannot forge Origin nor Sec-Fetch-Site on a handshake, so the origin
// rule alone (no token: a page cannot set a handshake's headers) refuses it; a non-browser client (no Origin) passes.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { launchChromium, listenLocally, withContext } from '../helpers/chromium.js';
import { startWorker } from '../helpers/start-worker.js';

const TEST_TIMEOUT = { timeout: 90_000 };
const config = fileURLToPath(new URL('./websocket-worker/wrangler.toml', import.meta.url));

let worker;
let browser;
let attacker;

/** A page that opens a WebSocket to `target` and puts what it hears (or the failure) into #out. */
function socketPage(target) {
  return `<!doctype html><html><body><pre id="out"></pre><script>
const out = document.getElementById('out');
const socket = new WebSocket(${JSON.stringify(target)});
socket.onopen = () => socket.send('hello');
socket.onmessage = (event) => { out.textContent = 'message ' + event.data; socket.close(); };
socket.onerror = () => { out.textContent = 'refused'; };
</script></body></html>`;
}

before(async () => {
  [browser, worker] = await Promise.all([
    launchChromium(),
    startWorker({ config, secrets: { SESSION_SECRET: 'browser-ws-secret-0123456789abcdef01' } }),
  ]);
  const target = new URL('/cookie-csrf/ws', worker.directUrl);
  target.protocol = 'ws:';
  attacker = await listenLocally((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(socketPage(String(target)));
  });
}, { timeout: 45_000 });

after(async () => {
  await browser?.close();
  await worker?.dispose();
  await attacker?.close();
});

describe('csrf: true and a WebSocket upgrade, in Chromium', () => {
  it("its own page's socket reads the session; another origin's page gets no socket on the victim's session", TEST_TIMEOUT, async () => {
    await withContext(browser, async (context) => {
      const page = await context.newPage();
      // The victim's visit: their session (count 1) and its cookie, SameSite=Lax.
      const visit = await page.goto(String(new URL('/cookie-csrf/count', worker.directUrl)));
      assert.equal(await visit.text(), 'count 1');
      // The app's own page (same origin) uses its socket.
      await page.setContent('');
      await page.goto(String(new URL('/cookie-csrf/read', worker.directUrl)));
      const own = new URL('/cookie-csrf/ws', worker.directUrl);
      own.protocol = 'ws:';
      const heard = await page.evaluate((url) => new Promise((resolve) => {
        const socket = new WebSocket(url);
        socket.onopen = () => socket.send('hello');
        socket.onmessage = (event) => resolve(String(event.data));
        socket.onerror = () => resolve('refused');
      }), String(own));
      assert.equal(heard, '{"count":1}', 'a same-origin socket works');
      // Another origin of the site (another port of the host): its page's socket must not open the victim's session.
      await page.goto(`http://127.0.0.1:${attacker.port}/`);
      await page.waitForFunction(() => document.getElementById('out').textContent !== '', null, { timeout: 20_000 });
      const stolen = await page.locator('#out').textContent();
      assert.equal(stolen, 'refused', `a page of another origin read the victim's session over a WebSocket: ${stolen}`);
    });
  });
});
