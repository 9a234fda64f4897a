// csrfToken(session) under Remix v3 (edge-session/remix's csrf() after Remix's session middleware, on our storages),
// called in a body still streaming after the handler returned. README (CSRF): such a form "reads the secret, but
// cannot make one: on a first visit it throws SESSION_ENDED". Under Remix's middleware our storage's save() has run
// by then (the Set-Cookie is out): a secret made now is never saved, so the token it returns is refused on post.
// Regression (adversarial pass on 52fb716): under withSession and the Hono and React Router middlewares it threw
// SESSION_ENDED, saying what to do; under Remix v3 it returned a token of a secret no cookie carries, and the new
// visitor's streamed form answered 403, silently.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session } from '@remix-run/session-middleware';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { csrf, csrfToken } from 'edge-session/remix';
import { sessionPairOf as pair } from './support.js';

const ORIGIN = 'http://app.test';
const SECRET = 's3cr3t-0123456789abcdef0123456789abcdef';
const STORAGES = {
  cookie: () => createCookieSessionStorage({ cookie: { secrets: [SECRET] } }),
  memory: () => createMemorySessionStorage({ cookie: { secrets: [SECRET] } }),
};

for (const [kind, make] of Object.entries(STORAGES)) {
  it(`${kind}: a new visitor's csrfToken in a body streamed after Remix saved the session throws SESSION_ENDED, never a token no post passes`, async () => {
    let outcome;
    const router = createRouter({ middleware: [session(createCookie('__session', { secrets: [SECRET] }), make()), csrf()] });
    router.get('/page', ({ get }) => {
      const s = get(Session);
      return new Response(new ReadableStream({
        async start(controller) {
          await new Promise((resolve) => setTimeout(resolve, 10)); // an async section that loads first
          try {
            outcome = { token: csrfToken(s) };
          } catch (error) {
            outcome = { error };
          }
          controller.enqueue(new TextEncoder().encode('done'));
          controller.close();
        },
      }));
    });
    router.get('/form', ({ get }) => new Response(csrfToken(get(Session))));
    router.post('/note', () => new Response('saved'));
    const page = await router.fetch(new Request(`${ORIGIN}/page`));
    await page.text();
    assert.equal(outcome.error?.code, 'SESSION_ENDED', `no throw: a token of a secret never saved (${outcome.token})`);
    assert.match(outcome.error.message, /csrfToken/);
    // A returning visitor (the secret made in a handler before) reads it in the streamed body, and its token posts.
    const cookie = pair(await router.fetch(new Request(`${ORIGIN}/form`)));
    await (await router.fetch(new Request(`${ORIGIN}/page`, { headers: { Cookie: cookie } }))).text();
    assert.equal(outcome.token?.length, 86, String(outcome.error));
    const posted = await router.fetch(new Request(`${ORIGIN}/note`, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ _csrf: outcome.token }),
    }));
    assert.equal(posted.status, 200, `the streamed form's token was refused: ${await posted.text()}`);
  });
}
