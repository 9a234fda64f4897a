// Regression (audit of issue 11: "rolling renewal written at most once per touchInterval"; README Session lifetime: "A burst of
// requests writes once ... whether its requests follow each other or come together (in an isolate, the first
// renewal stands for the others of the next 2 s at most)"; README Remix v3: the cookie storage's idleTimeout
// "hold[s] here as on getSession's path"). withSession writes a due renewal of a cookie session once for a burst
// carrying the same cookie; Remix v3's read/save on the same storage re-issues the cookie on every request of the
// burst (here 5 Set-Cookies within ~150 ms, touchInterval 1 s). The server-side storages are deduplicated on this
// path (one KV put for the same burst), the cookie storage is not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage, withSession } from 'edge-session';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const storageOf = () => createCookieSessionStorage({ cookie: { secrets: ['k'] }, idleTimeout: 4 }); // touchInterval 1 s

async function burst(fetch, cookie) {
  const first = await Promise.all([1, 2, 3].map(() => fetch(new Request('https://example.com/', { headers: { Cookie: cookie } }))));
  await sleep(100);
  const then = await Promise.all([1, 2].map(() => fetch(new Request('https://example.com/', { headers: { Cookie: cookie } }))));
  return [...first, ...then].reduce((n, response) => n + response.headers.getSetCookie().length, 0);
}

describe('a due renewal of a cookie session, for a burst of requests carrying the same cookie', () => {
  it('withSession (reference): written once', async () => {
    const fetch = withSession(storageOf(), async (request, { session }) => {
      if (request.method === 'POST') session.set('user', 'ada');
      return new Response(String(session.get('user')));
    });
    const cookie = (await fetch(new Request('https://example.com/', { method: 'POST' }))).headers.getSetCookie()[0].split(';')[0];
    await sleep(1200); // renewal due
    assert.equal(await burst(fetch, cookie), 1);
  });

  it('Remix v3 session middleware on the same storage: written once too', async () => {
    const storage = storageOf();
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: ['r'] }), storage)] });
    router.get('/', ({ get }) => new Response(String(get(Session).get('user'))));
    router.post('/', ({ get }) => {
      get(Session).set('user', 'ada');
      return new Response('ok');
    });
    const fetch = (request) => router.fetch(request);
    const cookie = (await fetch(new Request('https://example.com/', { method: 'POST' }))).headers.getSetCookie()[0].split(';')[0];
    await sleep(1200); // renewal due
    assert.equal(await burst(fetch, cookie), 1, 'renewal Set-Cookies written for one burst within touchInterval');
  });
});
