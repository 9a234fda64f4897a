// csrf() under Remix drops the session's CSRF secret after a request that changed the session's ID (Remix's own
// Session keeps every value through regenerateId(): tests/js/remix-csrf.test.js), and only then, and only the
// secret the request came with. Dropped after every accepted post, a form's token would work once: the second
// submission of a page (or a second tab's) would be a 403. Dropped when the handler made a new one after
// regenerateId() (unset('__csrf') then csrfToken()), the token it rendered would never pass.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { createCookieSessionStorage as createRemixCookieStorage } from '@remix-run/session/cookie-storage';
import { session } from '@remix-run/session-middleware';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { csrf, csrfToken } from 'edge-session/remix';
import { sessionPairOf as pair } from './support.js';

const ORIGIN = 'http://app.test';
const SECRET = 's3cr3t';
const STORAGES = {
  'our cookie storage': () => createCookieSessionStorage({ cookie: { secrets: [SECRET] } }),
  'our memory storage': () => createMemorySessionStorage({ cookie: { secrets: [SECRET] } }),
  "Remix's cookie storage": () => createRemixCookieStorage(),
};

function app(storage, actions) {
  const router = createRouter({ middleware: [session(createCookie('__session', { secrets: [SECRET], httpOnly: true }), storage), csrf()] });
  router.get('/form', ({ get }) => new Response(csrfToken(get(Session))));
  router.post('/note', async ({ request }) => {
    actions.push((await request.formData()).get('note'));
    return new Response('saved');
  });
  // A sign-in that renders its next form at once: the old secret unset, a new one made after regenerateId().
  router.post('/login', ({ get }) => {
    const s = get(Session);
    s.regenerateId();
    s.unset('__csrf');
    s.set('user', 'ada');
    actions.push('login');
    return new Response(csrfToken(s));
  });
  // A sign-in as most are written: it reads its form (an await) before regenerateId().
  router.post('/sign-in', async ({ get, request }) => {
    const user = (await request.formData()).get('user');
    get(Session).regenerateId();
    get(Session).set('user', user);
    actions.push(`sign-in ${user}`);
    return new Response(null, { status: 303, headers: { Location: '/form' } });
  });
  return router;
}

const post = (router, path, cookie, fields) =>
  router.fetch(new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: new URLSearchParams(fields) }));

for (const [name, makeStorage] of Object.entries(STORAGES)) {
  describe(`csrf() on ${name}: the secret ends only with a new session ID`, () => {
    it('one token passes for every post of its session (the browser keeps what each response sets)', async () => {
      const actions = [];
      const router = app(makeStorage(), actions);
      const page = await router.fetch(new Request(`${ORIGIN}/form`));
      const token = await page.text();
      let cookie = pair(page);
      for (const note of ['first', 'second', 'third']) {
        const response = await post(router, '/note', cookie, { _csrf: token, note });
        assert.equal(response.status, 200, `the ${note} post with the page's token`);
        cookie = pair(response) ?? cookie;
      }
      assert.deepEqual(actions, ['first', 'second', 'third']);
    });

    it('a sign-in that awaits its form before regenerateId() ends the token shown before it', async () => {
      const actions = [];
      const router = app(makeStorage(), actions);
      const page = await router.fetch(new Request(`${ORIGIN}/form`));
      const token = await page.text();
      const signIn = await post(router, '/sign-in', pair(page), { _csrf: token, user: 'ada' });
      assert.equal(signIn.status, 303);
      const stale = await post(router, '/note', pair(signIn), { _csrf: token, note: 'planted' });
      assert.equal(stale.status, 403, 'the token from before the sign-in still passed');
      assert.deepEqual(actions, ['sign-in ada']);
    });

    it("a token made after regenerateId() with a new secret, in the sign-in's own response, passes", async () => {
      const actions = [];
      const router = app(makeStorage(), actions);
      const page = await router.fetch(new Request(`${ORIGIN}/form`));
      const login = await post(router, '/login', pair(page), { _csrf: await page.text() });
      assert.equal(login.status, 200);
      const token = await login.text();
      const response = await post(router, '/note', pair(login), { _csrf: token, note: 'after sign-in' });
      assert.equal(response.status, 200, "the new secret the sign-in made was dropped with the old one's");
      assert.deepEqual(actions, ['login', 'after sign-in']);
    });
  });
}
