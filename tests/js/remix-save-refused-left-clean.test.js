// Regression (model-based audit): Remix v3's save() refusing a session too large for its cookie left it clean, so
// a second save() of the same, never-written session answered null ("no change"), where commitSession keeps a
// refused session dirty (README: "nothing was written, so the change is still to be").
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage, CookieTooLargeError, withSession } from 'edge-session';

for (const options of [{}, { encrypt: true }, { format: 'remix-v3' }]) {
  it(`save() refused as too large keeps the change to be written (${JSON.stringify(options)})`, async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] }, ...options });
    const session = await storage.read(null);
    session.set('user', 'ada');
    session.set('note', 'x'.repeat(3100));
    await assert.rejects(storage.save(session), CookieTooLargeError);
    assert.equal(session.dirty, true);
    await assert.rejects(storage.save(session), CookieTooLargeError);
    // Made to fit, it is written whole.
    session.set('note', 'short');
    const value = await storage.save(session);
    assert.equal(typeof value, 'string');
    const back = await storage.read(value);
    assert.equal(back.get('user'), 'ada');
    assert.equal(back.get('note'), 'short');
    assert.equal(back.dirty, false);
  });
}

// Regression (review): the fix above un-settled a session saved earlier in the request, so withSession dropped that
// save's cookie for a change that could not fit: a 500. The earlier save stands, as an earlier commitSession does.
for (const mode of ['commitSession', 'save']) {
  it(`withSession: a refused second ${mode}() leaves the first one's cookie standing`, async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const fetch = withSession(storage, async (request, { session }) => {
      session.set('a', 1);
      const response = new Response('ok');
      response.headers.append('Set-Cookie', mode === 'save' ? `__session=${await storage.save(session)}` : await storage.commitSession(session));
      session.set('note', 'x'.repeat(5000));
      await assert.rejects(mode === 'save' ? storage.save(session) : storage.commitSession(session), { code: 'COOKIE_TOO_LARGE' });
      return response;
    });
    const response = await fetch(new Request('http://localhost/'), {}, { waitUntil() {} });
    assert.equal(response.status, 200, await response.clone().text());
    const setCookies = response.headers.getSetCookie();
    assert.equal(setCookies.length, 1);
    const pair = setCookies[0].split(';')[0];
    const back = mode === 'save' ? await storage.read(pair.slice('__session='.length)) : await storage.getSession(pair);
    assert.equal(back.get('a'), 1);
  });
}

// README: under Remix's own middleware, the change a refused save() left is saved again at the request's end; a
// handler that catches the refusal undoes it.
it("Remix's session middleware: a handler that catches a refused save() and undoes its change answers 200", async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, format: 'remix-v3' });
  const cookie = createCookie('__session', { secrets: ['s3cr3t'] });
  const router = createRouter({ middleware: [remixSession(cookie, storage)] });
  router.get('/', async ({ get }) => {
    const session = get(Session);
    session.set('a', 1);
    session.set('note', 'x'.repeat(5000));
    await assert.rejects(storage.save(session), { code: 'COOKIE_TOO_LARGE' });
    session.unset('note');
    return new Response('ok');
  });
  const response = await router.fetch(new Request('https://example.com/'));
  assert.equal(response.status, 200, await response.clone().text());
  const value = await cookie.parse(response.headers.get('Set-Cookie').split(';')[0]);
  assert.equal((await storage.read(value)).get('a'), 1);
});
