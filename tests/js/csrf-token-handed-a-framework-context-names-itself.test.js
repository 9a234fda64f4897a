// README (Flash helpers): "Every helper here, and csrfToken, throws a TypeError naming itself when handed no
// session". A framework's context handed where its session goes (Hono's c for c.var.session, React Router's or
// Remix v3's context for context.get(...)) has get and set methods of its own. Regression (s48 mutation pass over
// internal.js): csrfToken took Hono's c for a session, stored the secret in c's variables and answered a token no
// post could match, so every form of the page was refused with a 403; React Router's and Remix's contexts threw
// their own "No value found for context", which names neither csrfToken nor the session.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { RouterContextProvider } from 'react-router';
import { createRouter } from '@remix-run/fetch-router';
import { createCookieSessionStorage, csrfToken } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const SECRET = 'csrf-token-context-test-secret-0123456789';

const namesTheSession = (error) =>
  error instanceof TypeError && error.message.startsWith('csrfToken(session)') && /expected the request's session/.test(error.message);

it("Hono: csrfToken(c) after sessionMiddleware throws the TypeError naming it, not a token for a secret kept in c's variables", async () => {
  const app = new Hono();
  app.use(sessionMiddleware(createCookieSessionStorage({ cookie: { secrets: [SECRET] } })));
  let thrown;
  app.get('/form', (c) => {
    try {
      return c.text(csrfToken(c));
    } catch (error) {
      thrown = error;
      throw error;
    }
  });
  const response = await app.request('/form');
  assert.equal(response.status, 500, 'a token no post can match was answered');
  assert.ok(namesTheSession(thrown), `${thrown?.name}: ${thrown?.message}`);
});

it("React Router: csrfToken(context) of a loader throws the TypeError naming it", () => {
  assert.throws(() => csrfToken(new RouterContextProvider()), namesTheSession);
});

it("Remix v3: csrfToken(context) of a route throws the TypeError naming it", async () => {
  const router = createRouter({ middleware: [] });
  let thrown;
  router.get('/form', (context) => {
    try {
      return new Response(csrfToken(context));
    } catch (error) {
      thrown = error;
      return new Response('refused', { status: 500 });
    }
  });
  await router.fetch(new Request('http://app.test/form'));
  assert.ok(namesTheSession(thrown), `${thrown?.name}: ${thrown?.message}`);
});
