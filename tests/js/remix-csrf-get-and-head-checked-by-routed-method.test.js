// README "CSRF under Remix v3": csrf() checks a request when its method or the one fetch-router routes it by
// (context.method) is unsafe, and whenever it carries a form body, "any method but GET and HEAD". So a request
// with no form body (an OPTIONS too) is checked by context.method, not request.method, and a GET or a HEAD by
// context.method alone: one that an app's middleware ahead of csrf() routes as a DELETE (an
// override read from the query) needs the token, and one that merely names a form Content-Type (no browser's GET
// or HEAD carries a body) is served, not refused as a form post.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { session } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
import { csrf } from 'edge-session/remix';

const ORIGIN = 'http://app.test';
const SECRET = 's3cr3t';
const FORM_TYPE = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** An app whose own middleware routes `?_method=` (before csrf()); GET and HEAD / show a page, DELETE / deletes. */
function app(actions) {
  const queryOverride = (context) => {
    const method = new URL(context.request.url).searchParams.get('_method');
    if (method) context.method = method.toUpperCase();
  };
  const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] } });
  const router = createRouter({ middleware: [session(createCookie('__session', { secrets: [SECRET] }), storage), queryOverride, csrf()] });
  router.get('/', () => new Response('page'));
  router.head('/', () => new Response(null));
  router.delete('/', () => {
    actions.push('deleted');
    return new Response('deleted');
  });
  return router;
}

describe('csrf() under Remix: a request with no form body is checked by the method it is routed by', () => {
  it('a GET routed as a DELETE by the app needs the token: 403, and no handler runs', async () => {
    const actions = [];
    const response = await app(actions).fetch(new Request(`${ORIGIN}/?_method=DELETE`, { headers: { 'Sec-Fetch-Site': 'same-origin' } }));
    assert.equal(response.status, 403);
    assert.deepEqual(actions, []);
  });

  it('an OPTIONS with no body, routed as a DELETE by the app, needs the token', async () => {
    const actions = [];
    const response = await app(actions).fetch(new Request(`${ORIGIN}/?_method=DELETE`, { method: 'OPTIONS', headers: { 'Sec-Fetch-Site': 'same-origin' } }));
    assert.equal(response.status, 403);
    assert.deepEqual(actions, []);
  });

  for (const method of ['GET', 'HEAD']) {
    it(`a ${method} naming a form Content-Type is served, not refused as a form post`, async () => {
      const response = await app([]).fetch(new Request(`${ORIGIN}/`, { method, headers: { ...FORM_TYPE, 'Sec-Fetch-Site': 'same-origin' } }));
      assert.equal(response.status, 200);
    });
  }
});
