// csrfToken(session) called in a body still streaming after the handler returned (Hono's jsxRenderer with
// `stream: true` and an async component under Suspense, a ReadableStream under withSession). With a secret stored
// already it reads it and works; a first visitor's session has none, and making one is a change no response can carry
// any more: SESSION_ENDED, whose message must say what to do (create the secret in the handler, before the
// response), not only that "the session cannot change": the handler changed nothing. Regression (streamed-responses
// pass, s38): the message spoke of a change the app never made, and the form of a new visitor's streamed page never
// rendered (returning visitors' did).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { jsx } from 'hono/jsx';
import { Suspense } from 'hono/jsx/streaming';
import { jsxRenderer } from 'hono/jsx-renderer';
import { createCookieSessionStorage, createMemorySessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const secrets = ['s3cr3t-0123456789abcdef0123456789abcdef'];
const STORAGES = {
  cookie: () => createCookieSessionStorage({ cookie: { name: '__session', secrets } }),
  memory: () => createMemorySessionStorage({ cookie: { name: '__session', secrets } }),
};
const pair = (response) => response.headers.getSetCookie().find((h) => h.startsWith('__session='))?.split(';')[0];
const tokenIn = (html) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

for (const [kind, make] of Object.entries(STORAGES)) {
  it(`${kind}, Hono streamed JSX: a new visitor's form rendered after the response says to make the token in the handler; made there, the streamed form posts`, async (t) => {
    const errors = [];
    t.mock.method(console, 'error', (...args) => errors.push(args.find((a) => a instanceof Error) ?? args.join(' ')));
    t.mock.method(console, 'trace', (...args) => errors.push(args.find((a) => a instanceof Error) ?? args.join(' ')));
    const app = new Hono();
    app.use(sessionMiddleware(make(), { csrf: true }));
    app.use(jsxRenderer(({ children }) => jsx('html', {}, jsx('body', {}, children)), { stream: true }));
    async function Form({ session }) {
      await new Promise((resolve) => setTimeout(resolve, 10)); // a component that loads something first
      return jsx('form', { method: 'post' }, jsx('input', { type: 'hidden', name: '_csrf', value: csrfToken(session) }));
    }
    const page = (c) => c.render(jsx(Suspense, { fallback: jsx('p', {}, 'loading') }, jsx(Form, { session: c.var.session })));
    app.get('/late', page);
    app.get('/early', (c) => {
      csrfToken(c.var.session); // the secret made while the response can still carry it
      return page(c);
    });
    app.post('/early', (c) => c.text('posted'));

    const late = await app.request('/late');
    await late.text();
    const ended = errors.find((e) => e?.code === 'SESSION_ENDED');
    assert.ok(ended, 'csrfToken threw SESSION_ENDED');
    assert.match(ended.message, /csrfToken/, ended.message);
    assert.match(ended.message, /before/, ended.message);

    const early = await app.request('/early');
    const token = tokenIn(await early.text());
    assert.ok(token, 'the streamed form has its token');
    const posted = await app.request('/early', {
      method: 'POST',
      headers: { Cookie: pair(early), Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token }),
    });
    assert.equal(posted.status, 200, await posted.text());
  });

  it(`${kind}, withSession: csrfToken in a body written after the handler returned reads a stored secret, and names itself when it has none`, async () => {
    const storage = make();
    let outcome;
    const fetch = withSession(storage, (request, { session }) => {
      if (new URL(request.url).pathname === '/start') {
        csrfToken(session);
        return new Response('started');
      }
      const body = new ReadableStream({
        async start(controller) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          try {
            outcome = { token: csrfToken(session) };
          } catch (error) {
            outcome = { error };
          }
          controller.enqueue(new TextEncoder().encode('done'));
          controller.close();
        },
      });
      return new Response(body);
    });
    await (await fetch(new Request('http://example.test/page'))).text();
    assert.equal(outcome.error?.code, 'SESSION_ENDED');
    assert.match(outcome.error.message, /csrfToken/);
    const cookie = pair(await fetch(new Request('http://example.test/start')));
    await (await fetch(new Request('http://example.test/page', { headers: { Cookie: cookie } }))).text();
    assert.equal(outcome.token?.length, 86, 'a stored secret is read after the response');
  });
}
