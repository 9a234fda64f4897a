// A form body the CSRF check refuses is read within bounds of bytes and of time (js/form-body.js readBody,
// discardBody). From a review (hostile bodies):
// - a body past maxBodyBytes that then stalls (a client that stops sending) got its 413, or its 403 (a wrong token,
//   no session), only when the platform's own timeout ended the request (Node's requestTimeout: 5 minutes): the
//   answer, known already, waited on the 64 KiB more read to spare the client a reset, with no time bound (nginx
//   bounds that lingering read: lingering_timeout 5 s);
// - a body stream of chunks that are no bytes (strings, from code that rebuilt the body) was read to its end with
//   no bound (its size was NaN, never past the limit): an endless one took all memory. The platform's own reads
//   refuse such a chunk at once ("Received non-Uint8Array chunk").
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { tokenIndexApp } from '../helpers/react-router-csrf-routes.js';

const SELF = 'http://app.test';
const LIMIT = 1000;
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
const encoder = new TextEncoder();
let handled = 0;
const app = withSession(storage, async (request, { session }) => {
  if (request.method === 'GET') return new Response(csrfToken(session));
  handled++;
  return new Response('ran');
}, { csrf: { maxBodyBytes: LIMIT } });
const reactRouter = tokenIndexApp(reactRouterSession(storage, { csrf: { maxBodyBytes: LIMIT } }), () => new Response('ran'));

/** A stream of `first`, then nothing more, ever (a stalled client). */
function stalled(first) {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) return new Promise(() => {});
      sent = true;
      controller.enqueue(encoder.encode(first));
    },
  });
}

const post = (body, cookie) => new Request(`${SELF}/`, {
  method: 'POST',
  headers: { Cookie: cookie, Origin: SELF, 'Content-Type': 'application/x-www-form-urlencoded' },
  body,
  duplex: 'half',
});

/** The answer's status, or 'no answer' after `ms`. */
async function within(promise, ms) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(resolve, ms, 'no answer'); });
  try {
    return await Promise.race([promise.then((response) => response.status), late]);
  } finally {
    clearTimeout(timer);
  }
}

it('a form past maxBodyBytes that then stalls still gets its 413 or 403, within seconds', { timeout: 60_000 }, async () => {
  for (const [name, fetch] of [['withSession', app], ['React Router', reactRouter]]) {
    const page = await fetch(new Request(`${SELF}/`));
    const cookie = page.headers.getSetCookie()[0].split(';')[0];
    const filler = `&a=${'x'.repeat(2 * LIMIT)}`;
    const started = Date.now();
    const statuses = await Promise.all([
      within(fetch(post(stalled(`note=1${filler}`), cookie)), 10_000), // no token in the first bytes: 413
      within(fetch(post(stalled(`_csrf=${'A'.repeat(86)}${filler}`), cookie)), 10_000), // a wrong token: 403
      within(fetch(post(stalled(`note=1${filler}`), '')), 10_000), // no session, so no secret: 403
    ]);
    assert.deepEqual(statuses, [413, 403, 403], name);
    assert.ok(Date.now() - started < 9_000, `${name}: answered in ${Date.now() - started} ms`);
  }
  assert.equal(handled, 0);
});

/** A stream of `first`, then a byte every `everyMs` for good (a client that trickles, under any per-read bound). */
function trickling(first, everyMs) {
  let sent = false;
  return new ReadableStream({
    async pull(controller) {
      if (sent) await new Promise((resolve) => setTimeout(resolve, everyMs));
      controller.enqueue(encoder.encode(sent ? 'x' : first));
      sent = true;
    },
  });
}

// Regression (review of the fix): the bound was 2 s per chunk awaited, and a byte every 1.5 s held the answer for
// as long as 64 KiB took to come (a day); it is 2 s in all.
it('a form past maxBodyBytes that then trickles gets its 413 within seconds', { timeout: 60_000 }, async () => {
  const page = await app(new Request(`${SELF}/`));
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  const started = Date.now();
  const status = await within(app(post(trickling(`note=1&a=${'x'.repeat(2 * LIMIT)}`, 1500), cookie)), 10_000);
  assert.equal(status, 413);
  assert.ok(Date.now() - started < 5_000, `answered in ${Date.now() - started} ms`);
});

it('a body stream of chunks that are no bytes is refused at its first, not read without end', { timeout: 60_000 }, async () => {
  const page = await app(new Request(`${SELF}/`));
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  const token = await page.text();
  let pulled = 0;
  const endless = new ReadableStream({
    pull(controller) {
      // Strings; ended after 20 MB here only so that the test ends: the check read them all on microtasks, so an
      // endless one held the event loop (no timer fires) as its memory grew.
      if (++pulled > 20_000) return controller.close();
      controller.enqueue(pulled === 1 ? `_csrf=${token}&` : 'x'.repeat(1000));
    },
  });
  const status = await within(app(post(endless, cookie)), 5_000);
  assert.equal(status, 403);
  assert.ok(pulled < 100, `${pulled} chunks read`);
  assert.equal(handled, 0);
});
