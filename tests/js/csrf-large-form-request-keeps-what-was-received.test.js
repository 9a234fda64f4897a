// README (CSRF, rule 2): a form over maxBodyBytes whose `_csrf` field lies within its first bytes passes, and "the
// handler then streams the whole body": through a Request that is the received one but for its body, as a form
// that fits reaches it (its URL, method, headers, signal and redirect mode the received ones), so an abort of the
// received request reaches a handler's fetch, and a forward keeps its redirect mode. Mutation pass (s49): the
// streamed Request built from the URL, method and headers alone (its signal and redirect mode left at their
// defaults) went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';

it('the Request a large form with its token first reaches the handler by keeps the received signal, redirect mode, method, URL and headers', async () => {
  const seen = [];
  const abort = new AbortController();
  const app = withSession(
    createCookieSessionStorage({ cookie: { secrets: ['a-secret-of-thirty-two-characters!!'] } }),
    async (request, { session }) => {
      if (request.method === 'GET') return new Response(csrfToken(session));
      abort.abort();
      seen.push({ url: request.url, method: request.method, headers: [...request.headers], redirect: request.redirect, aborted: request.signal.aborted, text: await request.text() });
      return new Response('ok');
    },
    { csrf: { maxBodyBytes: 256 } },
  );
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const body = `_csrf=${token}&note=`.padEnd(4096, 'x');
  const received = new Request(`${ORIGIN}/notes?x=1`, {
    method: 'PUT',
    headers: { Cookie: page.headers.getSetCookie()[0].split(';')[0], Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
    signal: abort.signal,
  });
  const headers = [...received.headers];
  assert.equal((await app(received)).status, 200);
  assert.deepEqual(seen, [{ url: `${ORIGIN}/notes?x=1`, method: 'PUT', headers, redirect: 'manual', aborted: true, text: body }]);
});
