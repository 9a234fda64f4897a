// edge-session/remix's csrf() under the real @remix-run/fetch-router, after the real @remix-run/session-middleware
// (on our storages and on Remix's own), beside the real @remix-run/form-data-middleware. The common attacks and a
// genuine form: tests/js/csrf-frameworks.test.js.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { formData } from '@remix-run/form-data-middleware';
import { methodOverride } from '@remix-run/method-override-middleware';
import { Session } from '@remix-run/session';
import { createCookieSessionStorage as createRemixCookieStorage } from '@remix-run/session/cookie-storage';
import { session } from '@remix-run/session-middleware';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { csrf, csrfToken } from 'edge-session/remix';
import { sessionPairOf as pair } from './support.js';

const ORIGIN = 'http://app.test';
const SECRET = 's3cr3t';
const cookie = () => createCookie('__session', { secrets: [SECRET], httpOnly: true });
const STORAGES = {
  'our cookie storage': () => createCookieSessionStorage({ cookie: { secrets: [SECRET] } }),
  'our memory storage': () => createMemorySessionStorage({ cookie: { secrets: [SECRET] } }),
  "Remix's cookie storage": () => createRemixCookieStorage(),
};

/**
 * A router with `middleware`, whose GET / renders no form, GET /form gives a token, and whose POST, PUT and DELETE
 * /note record the note (from `context.get(FormData)` when formData() ran, else the request's own form) in `actions`.
 */
function app(middleware, actions) {
  const router = createRouter({ middleware });
  router.get('/', () => new Response('a page with no form'));
  router.get('/form', ({ get }) => new Response(csrfToken(get(Session))));
  const record = async (context) => {
    const form = context.has(FormData) ? context.get(FormData) : await context.request.formData();
    actions.push(`${context.method} ${form.get('note')}`);
    return new Response('saved');
  };
  router.post('/note', record);
  router.put('/note', record);
  router.delete('/note', record);
  router.post('/login', ({ get }) => {
    get(Session).regenerateId();
    get(Session).set('user', 'ada');
    actions.push('login');
    return new Response(null, { status: 303, headers: { Location: '/' } });
  });
  router.post('/flash', ({ get }) => {
    get(Session).flash('notice', 'Saved!');
    return new Response(null, { status: 303, headers: { Location: '/' } });
  });
  router.get('/notice', ({ get }) => new Response(String(get(Session).get('notice'))));
  return router;
}

/** A token and the session cookie carrying its secret, from GET /form. */
async function tokenOf(router) {
  const response = await router.fetch(new Request(`${ORIGIN}/form`));
  const token = await response.text();
  const cookiePair = pair(response);
  assert.ok(cookiePair, 'asking for a token stored the secret');
  return { token, cookie: cookiePair };
}

const send = (router, { method = 'POST', cookie: cookiePair, fields, headers = {} }) =>
  router.fetch(new Request(`${ORIGIN}/note`, {
    method,
    headers: { Origin: ORIGIN, ...(cookiePair ? { Cookie: cookiePair } : {}), ...headers },
    body: fields ? new URLSearchParams(fields) : undefined,
  }));

for (const [name, makeStorage] of Object.entries(STORAGES)) {
  describe(`csrf() on ${name}`, () => {
    it('a visitor who only GETs pages gets no Set-Cookie, nor one for the 403 of a forged post', async () => {
      const actions = [];
      const router = app([session(cookie(), makeStorage()), csrf()], actions);
      const page = await router.fetch(new Request(`${ORIGIN}/`));
      assert.equal(page.status, 200);
      assert.deepEqual(page.headers.getSetCookie(), []);
      const forged = await send(router, { fields: { note: 'forged' } });
      assert.equal(forged.status, 403);
      assert.deepEqual(forged.headers.getSetCookie(), [], 'the refusal stored no session');
      assert.deepEqual(actions, []);
    });

    it('PUT and DELETE need the token as POST does; the header carries it for a fetch()', async () => {
      const actions = [];
      const router = app([session(cookie(), makeStorage()), csrf()], actions);
      const { token, cookie: cookiePair } = await tokenOf(router);
      for (const method of ['PUT', 'DELETE']) {
        assert.equal((await send(router, { method, cookie: cookiePair, fields: { note: 'x' } })).status, 403, method);
      }
      assert.deepEqual(actions, []);
      const put = await send(router, { method: 'PUT', cookie: cookiePair, fields: { note: 'header' }, headers: { 'X-CSRF-Token': token } });
      assert.equal(put.status, 200);
      assert.deepEqual(actions, ['PUT header']);
    });

    // Regression (review): Remix's own Session keeps every value through regenerateId(), the secret too, so a token
    // shown before a sign-in (which whoever planted the session knows) still passed after it.
    it('a sign-in that calls regenerateId() ends the tokens shown before it; a new token works', async () => {
      const actions = [];
      const router = app([session(cookie(), makeStorage()), csrf()], actions);
      const before = await tokenOf(router);
      const login = await router.fetch(new Request(`${ORIGIN}/login`, {
        method: 'POST',
        headers: { Origin: ORIGIN, Cookie: before.cookie },
        body: new URLSearchParams({ _csrf: before.token }),
      }));
      assert.equal(login.status, 303);
      const signedIn = pair(login);
      assert.ok(signedIn);
      const stale = await send(router, { cookie: signedIn, fields: { note: 'planted', _csrf: before.token } });
      assert.equal(stale.status, 403, 'the token from before the sign-in');
      const page = await router.fetch(new Request(`${ORIGIN}/form`, { headers: { Cookie: signedIn } }));
      const fresh = await page.text();
      const cookieNow = pair(page) ?? signedIn;
      assert.equal((await send(router, { cookie: cookieNow, fields: { note: 'mine', _csrf: fresh } })).status, 200);
      assert.deepEqual(actions, ['login', 'POST mine']);
    });

    it("a stale token (the session's before a logout) or another session's is refused", async () => {
      const actions = [];
      const router = app([session(cookie(), makeStorage()), csrf()], actions);
      const mine = await tokenOf(router);
      const theirs = await tokenOf(router);
      const foreign = await send(router, { cookie: mine.cookie, fields: { note: 'foreign', _csrf: theirs.token } });
      assert.equal(foreign.status, 403);
      assert.match(await foreign.text(), /wrong CSRF token/);
      // Without its cookie the request's session is new, and has no secret the old token could match.
      const stale = await send(router, { fields: { note: 'stale', _csrf: mine.token } });
      assert.equal(stale.status, 403);
      assert.deepEqual(actions, []);
      assert.equal((await send(router, { cookie: mine.cookie, fields: { note: 'mine', _csrf: mine.token } })).status, 200);
      assert.deepEqual(actions, ['POST mine']);
    });
  });
}

describe('csrf() beside formData()', () => {
  for (const order of ['formData() before csrf()', 'formData() after csrf()']) {
    it(`${order}: the token is found and the handler gets the whole form`, async () => {
      const actions = [];
      const guard = [session(cookie(), STORAGES['our cookie storage']()), csrf()];
      const middleware = order.startsWith('formData() before') ? [guard[0], formData(), guard[1]] : [...guard, formData()];
      const router = app(middleware, actions);
      const { token, cookie: cookiePair } = await tokenOf(router);
      assert.equal((await send(router, { cookie: cookiePair, fields: { note: 'no token' } })).status, 403);
      const upload = new FormData();
      upload.set('_csrf', token);
      upload.set('note', 'multipart');
      upload.set('photo', new Blob([new Uint8Array(64 * 1024)]), 'photo.jpg');
      const posted = await router.fetch(new Request(`${ORIGIN}/note`, { method: 'POST', headers: { Cookie: cookiePair, Origin: ORIGIN }, body: upload }));
      assert.equal(posted.status, 200);
      assert.equal((await send(router, { cookie: cookiePair, fields: { note: 'urlencoded', _csrf: token } })).status, 200);
      assert.deepEqual(actions, ['POST multipart', 'POST urlencoded']);
    });
  }
});

describe('csrf() after a method override', () => {
  // Regression (review): the check looked at request.method only, and fetch-router routes by context.method, which
  // methodOverride() sets from a form's _method field whatever the request's method: an OPTIONS (safe) carrying
  // _method=DELETE reached the DELETE handler with no token.
  it('an OPTIONS request overridden to DELETE needs the token; a POST overridden to DELETE too', async () => {
    const actions = [];
    const router = app([session(cookie(), STORAGES['our cookie storage']()), formData(), methodOverride(), csrf()], actions);
    const { token, cookie: cookiePair } = await tokenOf(router);
    for (const method of ['OPTIONS', 'POST']) {
      const forged = await send(router, { method, cookie: cookiePair, fields: { _method: 'DELETE', note: 'forged' } });
      assert.equal(forged.status, 403, method);
    }
    assert.deepEqual(actions, []);
    const real = await send(router, { cookie: cookiePair, fields: { _method: 'DELETE', note: 'gone', _csrf: token } });
    assert.equal(real.status, 200);
    assert.deepEqual(actions, ['DELETE gone']);
  });

  // Regression (audit): with csrf() before formData() and methodOverride(), context.method was still OPTIONS when
  // the check ran, and the override after it reached the DELETE handler with no token.
  it('csrf() before formData() and methodOverride(): an OPTIONS with a body is checked all the same', async () => {
    const actions = [];
    const router = app([session(cookie(), STORAGES['our cookie storage']()), csrf(), formData(), methodOverride()], actions);
    const { token, cookie: cookiePair } = await tokenOf(router);
    const forged = await send(router, { method: 'OPTIONS', cookie: cookiePair, fields: { _method: 'DELETE', note: 'forged' } });
    assert.equal(forged.status, 403);
    assert.deepEqual(actions, []);
    const real = await send(router, { method: 'OPTIONS', cookie: cookiePair, fields: { _method: 'DELETE', note: 'gone', _csrf: token } });
    assert.equal(real.status, 200);
    assert.deepEqual(actions, ['DELETE gone']);
  });
});

describe('a refused request under Remix commits nothing', () => {
  // Regression (review): Remix's session() saves after any answer, and a forged post's 403 wrote the session:
  // a flash waiting for the user's next page was cleared by the attacker's request.
  for (const name of ['our cookie storage', 'our memory storage']) {
    it(`${name}: the 403 sets no cookie and the pending flash survives it`, async () => {
      const actions = [];
      const router = app([session(cookie(), STORAGES[name]()), csrf()], actions);
      const { token, cookie: cookiePair } = await tokenOf(router);
      const flashed = await send(router, { cookie: cookiePair, fields: { _csrf: token } }); // to /note: records
      assert.equal(flashed.status, 200);
      const saved = await router.fetch(new Request(`${ORIGIN}/flash`, {
        method: 'POST',
        headers: { Origin: ORIGIN, Cookie: cookiePair, 'X-CSRF-Token': token },
      }));
      assert.equal(saved.status, 303);
      const withFlash = pair(saved) ?? cookiePair;
      const forged = await send(router, { cookie: withFlash, fields: { note: 'forged' } });
      assert.equal(forged.status, 403);
      assert.deepEqual(forged.headers.getSetCookie(), [], 'the refusal wrote nothing');
      const notice = await router.fetch(new Request(`${ORIGIN}/notice`, { headers: { Cookie: withFlash } }));
      assert.equal(await notice.text(), 'Saved!');
    });
  }

  it('a form body read before the check is refused for that reason, not as a missing token', async () => {
    const actions = [];
    const logger = async (context) => void (await context.request.text()); // reads the body, hands nothing on
    const router = app([session(cookie(), STORAGES['our cookie storage']()), logger, csrf()], actions);
    const { token, cookie: cookiePair } = await tokenOf(router);
    const response = await send(router, { cookie: cookiePair, fields: { note: 'x', _csrf: token } });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /body was read before the CSRF check.*X-CSRF-Token/);
  });
});

// Regression (review): a refused request's save wrote nothing, a logout made ahead of the check (a middleware that
// ends a banned user's session) too, and the user stayed signed in.
describe('a logout made before the check ends the session, even when the request is refused', () => {
  for (const name of ['our cookie storage', 'our memory storage']) {
    it(name, async () => {
      const actions = [];
      const banned = new Set();
      const ban = (context) => {
        const current = context.get(Session);
        if (banned.has(current.get('user'))) current.destroy();
      };
      const router = app([session(cookie(), STORAGES[name]()), ban, csrf()], actions);
      router.get('/sign-in', ({ get }) => {
        get(Session).set('user', 'eve');
        return new Response('signed in');
      });
      router.get('/me', ({ get }) => new Response(String(get(Session).get('user'))));
      const signedIn = pair(await router.fetch(new Request(`${ORIGIN}/sign-in`)));
      banned.add('eve');
      const refused = await send(router, { cookie: signedIn, fields: { note: 'x' } });
      assert.equal(refused.status, 403);
      banned.clear();
      const me = await router.fetch(new Request(`${ORIGIN}/me`, { headers: { Cookie: pair(refused) ?? signedIn } }));
      assert.equal(await me.text(), 'undefined', 'signed out');
      assert.deepEqual(actions, []);
    });
  }
});

// Regression (review): the refused request's save wrote nothing at all, so a middleware ahead of csrf() that answers
// the 403 with a flash and a redirect back to the form lost the flash.
describe('a change made after the refusal is saved', () => {
  for (const name of ['our cookie storage', 'our memory storage']) {
    it(`${name}: a middleware turns the 403 into a flash and a redirect; the flash arrives`, async () => {
      const actions = [];
      const expired = async (context, next) => {
        const response = await next();
        if (response.status !== 403) return response;
        context.get(Session).flash('notice', 'Your form expired: please try again.');
        return new Response(null, { status: 303, headers: { Location: '/notice' } });
      };
      const router = app([session(cookie(), STORAGES[name]()), expired, csrf()], actions);
      const { cookie: cookiePair } = await tokenOf(router);
      const refused = await send(router, { cookie: cookiePair, fields: { note: 'stale' } });
      assert.equal(refused.status, 303);
      const notice = await router.fetch(new Request(`${ORIGIN}/notice`, { headers: { Cookie: pair(refused) ?? cookiePair } }));
      assert.equal(await notice.text(), 'Your form expired: please try again.');
      assert.deepEqual(actions, []);
    });
  }
});

describe('csrf() misused', () => {
  it('before session(): the request fails with an error naming the order, and no handler runs', async () => {
    const actions = [];
    const router = app([csrf(), session(cookie(), STORAGES['our cookie storage']())], actions);
    await assert.rejects(() => send(router, { fields: { note: 'x' } }), /put session\(cookie, storage\).*before csrf\(\)/);
    assert.deepEqual(actions, []);
  });

  it('options are checked when the middleware is made: a typo is a TypeError, not a silent default', () => {
    assert.throws(() => csrf({ trustedOrigin: ['https://blog.example.com'] }), TypeError);
    assert.throws(() => csrf({ trustedOrigins: ['https://blog.example.com/'] }), /is not an origin/);
    assert.throws(() => csrf('yes'), TypeError);
  });

  it('csrf(false) checks nothing; csrf({ trustedOrigins }) admits that origin with a token, and only with one', async () => {
    const actions = [];
    const open = app([session(cookie(), STORAGES['our cookie storage']()), csrf(false)], actions);
    assert.equal((await send(open, { fields: { note: 'unchecked' } })).status, 200);
    const blog = 'https://blog.example.com';
    const router = app([session(cookie(), STORAGES['our cookie storage']()), csrf({ trustedOrigins: [blog] })], actions);
    const { token, cookie: cookiePair } = await tokenOf(router);
    const headers = { Origin: blog, 'Sec-Fetch-Site': 'cross-site' };
    assert.equal((await send(router, { cookie: cookiePair, fields: { note: 'no token' }, headers })).status, 403);
    assert.equal((await send(router, { cookie: cookiePair, fields: { note: 'trusted', _csrf: token }, headers })).status, 200);
    const evil = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
    assert.equal((await send(router, { cookie: cookiePair, fields: { note: 'evil', _csrf: token }, headers: evil })).status, 403);
    assert.deepEqual(actions, ['POST unchecked', 'POST trusted']);
  });
});
