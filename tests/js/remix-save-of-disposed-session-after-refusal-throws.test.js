// README (errors): SessionDataError SESSION_DISPOSED for "a disposed session"; README (Session's memory): dispose of
// the session a middleware hands you only after committing or destroying it. Under Remix v3's session middleware,
// save() of a session the app disposed throws SESSION_DISPOSED; a csrf() refusal must not hide that mistake on the
// refused requests alone (internal.js nothingToSendAnyway: for a disposed session, its caller's own path decides).
// Mutation pass (s48): nothingToSendAnyway reading a disposed session as having nothing to send went unnoticed;
// save() answered the 403 as if nothing were wrong.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session } from '@remix-run/session-middleware';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { csrf } from 'edge-session/remix';

const ORIGIN = 'http://app.test';
const SECRET = 'remix-disposed-refusal-test-secret-0123456789';
const STORAGES = {
  'our cookie storage': () => createCookieSessionStorage({ cookie: { secrets: [SECRET] } }),
  'our memory storage': () => createMemorySessionStorage({ cookie: { secrets: [SECRET] } }),
};

/** A router whose middleware ahead of csrf() disposes the session once the response is a 403 or says so. */
function app(storage) {
  const disposeAfter = async (context, next) => {
    const response = await next();
    if (response.status === 403 || response.headers.has('x-dispose')) context.get(Session).dispose();
    return response;
  };
  const router = createRouter({ middleware: [session(createCookie('__session', { secrets: [SECRET] }), storage), disposeAfter, csrf()] });
  router.get('/sign-in', ({ get }) => {
    get(Session).set('user', 'ada');
    return new Response('signed in');
  });
  router.get('/page', () => new Response('page', { headers: { 'x-dispose': '1' } }));
  router.post('/note', () => new Response('saved'));
  return router;
}

describe('save() of a session disposed by the app, under Remix v3', () => {
  for (const [name, makeStorage] of Object.entries(STORAGES)) {
    it(`${name}: throws SESSION_DISPOSED after a csrf() refusal, as after any answer`, async () => {
      const router = app(makeStorage());
      const signedIn = (await router.fetch(new Request(`${ORIGIN}/sign-in`))).headers.getSetCookie()[0].split(';')[0];
      const disposed = { name: 'SessionDataError', code: 'SESSION_DISPOSED' };
      await assert.rejects(router.fetch(new Request(`${ORIGIN}/page`, { headers: { Cookie: signedIn } })), disposed);
      const forged = new Request(`${ORIGIN}/note`, {
        method: 'POST',
        headers: { Cookie: signedIn, Origin: 'https://elsewhere.test' },
        body: new URLSearchParams({ note: 'x' }),
      });
      await assert.rejects(router.fetch(forged), disposed);
    });
  }
});
