// Debian's headless Chromium for the browser tests (playwright-core), and a second local server beside the Worker
// (another origin of the same host: another port).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * Chromium launched. Throws at once, before the promise, when it is not installed: called first in a Promise.all,
 * it stops the Worker beside it from starting (nothing would dispose of it).
 */
export function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`apt-get install chromium\` (or set CHROMIUM_PATH).`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** An HTTP server on 127.0.0.1 answering with `handler`: its port, and close(). */
export async function listenLocally(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Runs `run(context)` in a new context of `browser` (a browser profile of its own, made with `options`), closed after. */
export async function withContext(browser, run, options) {
  const context = await browser.newContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

/** Runs `run(page, context)` in a new context of `browser` with a page whose steps wait at most `stepTimeoutMs`. */
export function inNewContext(browser, run, stepTimeoutMs) {
  return withContext(browser, async (context) => {
    const page = await context.newPage();
    page.setDefaultTimeout(stepTimeoutMs);
    await run(page, context);
  });
}

/**
 * Clicks a submit button and resolves to the response of the POST it sends, once the page it leads to has loaded:
 * after a redirect, the page of the GET that follows it, not the document that sent the form.
 */
export async function submitForm(page, button) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click(button)]);
  let request = response.request();
  while (request.redirectedTo()) request = request.redirectedTo();
  await request.response();
  await page.waitForLoadState();
  return response;
}
