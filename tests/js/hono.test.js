// edge-session/hono with the real hono package (in Node; tests/workerd/frameworks.test.js runs it inside
// workerd with the cookie, KV and Durable Object storages).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage, flashSuccess } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { loadCore } from '../../js/loader.js';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const secret = 's3cr3t';
const env = { SESSION_SECRET: secret };

function sessionCookie(response) {
  return response.headers.getSetCookie().find((value) => value.startsWith('__session='));
}
const pair = (setCookie) => setCookie.split(';')[0];

/**
 * The cookie with one character of its signature changed. Not the last one: base64 decoding (atob's, which both
 * edge-session and Remix use) ignores that character's two low bits, so 'A' -> 'B' there could still verify.
 */
function tamper(value) {
  const at = value.length - 10;
  return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
}

/** A small app: the other middleware sets a cookie before and after next(), as hono/cookie users do. */
function makeApp(storageFactory) {
  const app = new Hono();
  app.use(async (c, next) => {
    setCookie(c, 'before', '1');
    await next();
    c.header('Set-Cookie', 'after=1; Path=/', { append: true });
  });
  app.use(sessionMiddleware(storageFactory));
  app.get('/', (c) => c.json({ count: c.var.session.get('count') ?? 0, notice: c.var.session.getFlash('success') ?? null, user: c.get('session').get('user') ?? null }));
  app.post('/count', (c) => {
    c.var.session.set('count', (c.var.session.get('count') ?? 0) + 1);
    return c.text(String(c.var.session.get('count')));
  });
  app.post('/flash', (c) => {
    flashSuccess(c.var.session, 'Saved!');
    return c.redirect('/', 303);
  });
  app.post('/raw', (c) => {
    c.var.session.set('raw', true);
    return new Response('raw', { headers: { 'Set-Cookie': 'handler=1; Path=/' } });
  });
  app.post('/login', (c) => {
    c.var.session.regenerateId(true);
    c.var.session.set('user', 'ada');
    return c.redirect('/', 303);
  });
  app.post('/logout', (c) => {
    c.var.session.destroy();
    return c.redirect('/', 303);
  });
  app.post('/throw', (c) => {
    c.var.session.set('count', 99);
    throw new Error('handler failed');
  });
  return app;
}

const cookieStorage = (e) => createCookieSessionStorage({ cookie: { name: '__session', secrets: [e.SESSION_SECRET], httpOnly: true } });

describe('sessionMiddleware for Hono', () => {
  it('counts across requests and writes nothing for a read-only request', async () => {
    const app = makeApp(cookieStorage);
    const first = await app.request('/count', { method: 'POST' }, env);
    assert.equal(await first.text(), '1');
    const second = await app.request('/count', { method: 'POST', headers: { Cookie: pair(sessionCookie(first)) } }, env);
    assert.equal(await second.text(), '2');
    const read = await app.request('/', { headers: { Cookie: pair(sessionCookie(second)) } }, env);
    assert.equal((await read.json()).count, 2);
    assert.equal(sessionCookie(read), undefined);
  });

  it('commits a c.redirect() response and shows the flash once', async () => {
    const app = makeApp(cookieStorage);
    const posted = await app.request('/flash', { method: 'POST' }, env);
    assert.equal(posted.status, 303);
    assert.equal(posted.headers.get('Location'), '/');
    const shown = await app.request('/', { headers: { Cookie: pair(sessionCookie(posted)) } }, env);
    assert.equal((await shown.json()).notice, 'Saved!');
    const again = await app.request('/', { headers: { Cookie: pair(sessionCookie(shown)) } }, env);
    assert.equal((await again.json()).notice, null);
  });

  it("keeps every other middleware's and the handler's Set-Cookie", async () => {
    const app = makeApp(cookieStorage);
    const redirected = await app.request('/flash', { method: 'POST' }, env);
    const names = redirected.headers.getSetCookie().map((value) => value.split('=')[0]);
    assert.deepEqual(names, ['before', '__session', 'after']);
    const raw = await app.request('/raw', { method: 'POST' }, env);
    // hono #4992: a cookie set on c before next() is lost when the handler returns a raw Response;
    // ours is appended after next(), so it survives, and so does the handler's.
    assert.deepEqual(raw.headers.getSetCookie().map((value) => value.split('=')[0]), ['handler', '__session', 'after']);
  });

  it('regenerates the ID on login and deletes the old record', async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: [secret] } });
    const app = makeApp(storage);
    const counted = await app.request('/count', { method: 'POST' }, env);
    const before = pair(sessionCookie(counted));
    const loggedIn = await app.request('/login', { method: 'POST', headers: { Cookie: before } }, env);
    const after = pair(sessionCookie(loggedIn));
    assert.notEqual(after, before);
    const withNew = await app.request('/', { headers: { Cookie: after } }, env);
    assert.deepEqual(await withNew.json(), { count: 1, notice: null, user: 'ada' });
    const withOld = await app.request('/', { headers: { Cookie: before } }, env);
    assert.deepEqual(await withOld.json(), { count: 0, notice: null, user: null }, 'the old ID reads as a fresh session');
  });

  it('expires the cookie on logout', async () => {
    const app = makeApp(cookieStorage);
    const counted = await app.request('/count', { method: 'POST' }, env);
    const out = await app.request('/logout', { method: 'POST', headers: { Cookie: pair(sessionCookie(counted)) } }, env);
    assert.match(sessionCookie(out), /^__session=; Max-Age=0/);
  });

  it('gives a fresh session for a tampered cookie', async () => {
    const app = makeApp(cookieStorage);
    const counted = await app.request('/count', { method: 'POST' }, env);
    const valid = pair(sessionCookie(counted));
    const tampered = tamper(valid);
    const read = await app.request('/', { headers: { Cookie: tampered } }, env);
    assert.equal((await read.json()).count, 0);
  });

  it('saves nothing when the handler throws, and frees the session', async (t) => {
    t.mock.method(console, 'error', () => {}); // Hono's default onError logs the error
    const core = await loadCore();
    const live = core.liveSessionCount();
    const app = makeApp(cookieStorage);
    const response = await app.request('/throw', { method: 'POST' }, env);
    assert.equal(response.status, 500);
    assert.equal(sessionCookie(response), undefined);
    assert.equal(core.liveSessionCount(), live);
  });

  // Regression: a thrown HTTPException under 500 saved nothing (c.error was set), so the flash before
  // `throw new HTTPException(401, { res: c.redirect('/login') })` was lost.
  it('commits on a thrown HTTPException under 500, not on one of 500 or over', async () => {
    const { HTTPException } = await import('hono/http-exception');
    const app = new Hono();
    app.use(sessionMiddleware(cookieStorage));
    app.get('/login-first', (c) => {
      flashSuccess(c.var.session, 'Please sign in.');
      throw new HTTPException(401, { res: c.redirect('/login') });
    });
    app.get('/unavailable', (c) => {
      c.var.session.set('seen', true);
      throw new HTTPException(503, { message: 'down' });
    });
    const redirected = await app.request('/login-first', {}, env);
    assert.equal(redirected.status, 401); // Hono answers with the exception's status and res's headers
    assert.equal(redirected.headers.get('Location'), '/login');
    assert.ok(sessionCookie(redirected), 'the flash is committed');
    const unavailable = await app.request('/unavailable', {}, env);
    assert.equal(unavailable.status, 503);
    assert.equal(sessionCookie(unavailable), undefined);
  });

  // Regression (mutation pass): Hono's own 5xx answer to such an exception hid the rule, and a bound of "500 or
  // under", or none at all, passed the test above. An app's error page answering 200 leaves the exception's status.
  it('commits nothing on a thrown HTTPException of 500 or over that onError answers with a 200', async () => {
    const { HTTPException } = await import('hono/http-exception');
    const app = new Hono();
    app.use(sessionMiddleware(cookieStorage));
    app.get('/:status', (c) => {
      c.var.session.set('seen', true);
      throw new HTTPException(Number(c.req.param('status')), { message: 'failed' });
    });
    app.onError((error, c) => (error instanceof HTTPException && error.status < 500 ? error.getResponse() : c.text('sorry', 200)));
    for (const status of [500, 503]) {
      const response = await app.request(`/${status}`, {}, env);
      assert.equal(response.status, 200);
      assert.equal(sessionCookie(response), undefined, `HTTPException(${status})`);
    }
    const answered = await app.request('/499', {}, env); // control: under 500, an answer, committed
    assert.equal(answered.status, 499);
    assert.ok(sessionCookie(answered));
  });

  // Regression (mutation pass): told by its status alone, any error carrying one under 500 (an HTTP client's, a
  // validation library's) would be taken for Hono's answer, and the failed request's change saved.
  it('commits nothing on a thrown error that carries a status under 500 but is no HTTPException', async () => {
    const app = new Hono();
    app.use(sessionMiddleware(cookieStorage));
    app.get('/', (c) => {
      c.var.session.set('seen', true);
      throw Object.assign(new Error('upstream answered 404'), { status: 404 });
    });
    app.onError((error, c) => c.text('sorry', 200));
    const response = await app.request('/', {}, env);
    assert.equal(response.status, 200);
    assert.equal(sessionCookie(response), undefined);
  });

  it('a streamed body reads the session after the handler returned', async () => {
    const { stream } = await import('hono/streaming');
    const app = new Hono();
    app.use(sessionMiddleware(cookieStorage));
    app.post('/login', (c) => {
      c.var.session.set('user', 'ada');
      return c.text('ok');
    });
    app.get('/', (c) =>
      stream(c, async (body) => {
        await body.write('hello ');
        await body.sleep(10);
        await body.write(String(c.var.session.get('user')));
      }),
    );
    const cookie = pair(sessionCookie(await app.request('/login', { method: 'POST' }, env)));
    assert.equal(await (await app.request('/', { headers: { Cookie: cookie } }, env)).text(), 'hello ada');
  });

  it('answers 500 when the storage fails to read (the handler does not run) or to save', async (t) => {
    t.mock.method(console, 'error', () => {});
    const failing = (what) =>
      createSessionStorage({
        cookie: createCookie('__session', { secrets: [secret] }),
        createData: async () => {
          if (what === 'save') throw new Error('database down');
          return 'id';
        },
        readData: async () => {
          if (what === 'read') throw new Error('database down');
          return null;
        },
        updateData: async () => {},
        deleteData: async () => {},
      });
    const idCookie = pair(await createCookie('__session', { secrets: [secret] }).serialize('some-id'));
    let ran = false;
    const readApp = new Hono().use(sessionMiddleware(failing('read'))).get('/', (c) => ((ran = true), c.text('ok')));
    const read = await readApp.request('/', { headers: { Cookie: idCookie } });
    assert.equal(read.status, 500);
    assert.match(await read.text(), /session could not be read/);
    assert.equal(ran, false);
    const saved = await makeApp(failing('save')).request('/count', { method: 'POST' }, env);
    assert.equal(saved.status, 500);
    assert.match(await saved.text(), /session could not be saved/);
  });

  it('re-signs an untouched session read under a retired secret (rotation)', async () => {
    const old = makeApp((e) => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['old'] } }));
    const counted = await old.request('/count', { method: 'POST' }, env);
    const rotated = makeApp((e) => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['new', 'old'] } }));
    const read = await rotated.request('/', { headers: { Cookie: pair(sessionCookie(counted)) } }, env);
    assert.equal((await read.json()).count, 1);
    const resigned = sessionCookie(read);
    assert.ok(resigned, 'the read-only request re-signed the cookie with the new secret');
    const again = await rotated.request('/', { headers: { Cookie: pair(resigned) } }, env);
    assert.equal(sessionCookie(again), undefined, 'once re-signed, nothing more is written');
  });

  it('makes the storage once per env', async () => {
    let made = 0;
    const app = makeApp((e) => (made++, cookieStorage(e)));
    for (let i = 0; i < 3; i++) await app.request('/', {}, env);
    assert.equal(made, 1);
  });
});

describe('sessionMiddleware mounted twice on one request (a sub-app with its own, under app.route())', () => {
  function mountedTwice(storage, options) {
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.post('/flash', (c) => (flashSuccess(c.var.session, 'Saved.'), c.redirect('/admin', 303)));
    app.get('/me', (c) => c.json({ admin: c.var.session.get('admin') ?? null, user: c.var.session.get('user') ?? null }));
    const admin = new Hono(); // a self-contained sub-app: it brings its own session middleware
    admin.use(sessionMiddleware(storage, options));
    admin.get('/', (c) => (c.var.session.set('admin', true), c.json({ flash: c.var.session.getFlash('success') ?? null })));
    admin.post('/login', (c) => (c.var.session.regenerateId(true), c.var.session.set('user', 'ada'), c.redirect('/me', 303)));
    app.route('/admin', admin);
    return (request) => app.fetch(request);
  }

  it('commits the one session once, with the handler\'s change; regression: a stale second copy came last and the change was lost', async () => {
    const fetch = mountedTwice(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } }));
    const jar = new BrowserJar();
    await visit(jar, fetch, '/flash', { method: 'POST' });
    const shown = await visit(jar, fetch, '/admin');
    assert.deepEqual(await shown.json(), { flash: 'Saved.' });
    assertOneHeaderPerCookie(shown.headers.getSetCookie());
    assert.equal((await (await visit(jar, fetch, '/me')).json()).admin, true);
  });

  it('keeps a sign-in made in the sub-app (memory storage); regression: the outer copy signed the user out again', async () => {
    const fetch = mountedTwice(createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } }));
    const jar = new BrowserJar();
    await visit(jar, fetch, '/flash', { method: 'POST' });
    await visit(jar, fetch, '/admin/login', { method: 'POST' });
    assert.equal((await (await visit(jar, fetch, '/me')).json()).user, 'ada');
  });

  it('still runs the inner mount\'s csrf check on the open session', async () => {
    const fetch = mountedTwice(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } }), { csrf: true });
    const refused = await fetch(new Request('https://example.com/admin/login', { method: 'POST', headers: { Origin: 'https://evil.example' } }));
    assert.equal(refused.status, 403);
  });
});

describe('A change made while the lifecycle commits (a streamed body)', () => {
  it('throws SESSION_ENDED rather than being neither saved nor refused; regression: it was dropped silently', async () => {
    const { stream } = await import('hono/streaming');
    const records = new Map();
    const kv = {
      get: async (key) => records.get(key) ?? null,
      put: async (key, value) => {
        await new Promise((resolve) => setTimeout(resolve, 30)); // a slow write: the commit awaits it
        records.set(key, value);
      },
      delete: async (key) => void records.delete(key),
    };
    const storage = createWorkersKVSessionStorage({ kv, cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.get('/feed', (c) => {
      c.var.session.set('opened', true);
      return stream(c, async (s) => {
        await new Promise((resolve) => setTimeout(resolve, 10)); // the commit is under way
        let outcome = 'set';
        try {
          c.var.session.set('cursor', 42);
        } catch (error) {
          outcome = error.code;
        }
        await s.write(outcome);
      });
    });
    const feed = await app.request('/feed');
    assert.equal(await feed.text(), 'SESSION_ENDED');
    const stored = await storage.getSession(feed.headers.getSetCookie()[0].split(';')[0]);
    assert.deepEqual([stored.get('opened'), stored.get('cursor')], [true, undefined]);
  });
});

describe('sessionMiddleware mounted twice with a storage factory (each mount runs its own)', () => {
  it('still commits the one session once; regression: the two mounts\' storages differed, and a stale copy came last', async () => {
    const factory = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const app = new Hono();
    app.use(sessionMiddleware(factory));
    app.post('/flash', (c) => (flashSuccess(c.var.session, 'Saved.'), c.redirect('/admin', 303)));
    app.get('/me', (c) => c.json({ admin: c.var.session.get('admin') ?? null }));
    const admin = new Hono();
    admin.use(sessionMiddleware(factory));
    admin.get('/', (c) => (c.var.session.set('admin', true), c.text('ok')));
    app.route('/admin', admin);
    const fetch = (request) => app.fetch(request, {});
    const jar = new BrowserJar();
    await visit(jar, fetch, '/flash', { method: 'POST' });
    assertOneHeaderPerCookie((await visit(jar, fetch, '/admin')).headers.getSetCookie());
    assert.equal((await (await visit(jar, fetch, '/me')).json()).admin, true);
  });
});

describe('A sub-app with the same storage mounted by app.mount (a Request of its own, so a session of its own)', () => {
  /**
   * The outer app and its sub-app under /admin, each with the session middleware over `storage`; `copied`: the
   * sub-app's own middleware sets a header after next(), which makes Hono copy the response.
   */
  function mountedApps(storage, { copied = false, meanwhile = async () => {} } = {}) {
    const admin = new Hono();
    if (copied) {
      admin.use(async (c, next) => {
        await next();
        await meanwhile(); // an I/O of the middleware's (a log write): the isolate serves other requests
        c.header('X-Admin', '1');
      });
    }
    admin.use(sessionMiddleware(storage));
    admin.post('/x', (c) => (c.var.session.set('n', 1), c.text('ok')));
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.mount('/admin', admin.fetch);
    app.post('/login', (c) => (c.var.session.set('user', 'ada'), c.text('in')));
    app.get('/n', (c) => c.json({ user: c.var.session.get('user') ?? null, n: c.var.session.get('n') ?? null }));
    return (request) => app.fetch(request);
  }

  for (const copied of [false, true]) {
    it(`keeps the sub-app's change when the renewal is due${copied ? ', its response copied on the way out' : ''}; regression: the outer copy's renewal went out after it, stale${copied ? ' (the copy lost the mark)' : ''}`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
      const fetch = mountedApps(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 3600, touchInterval: 60 }), { copied });
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      t.mock.timers.tick(120_000); // the renewal is due
      const response = await visit(jar, fetch, '/admin/x', { method: 'POST' });
      assertOneHeaderPerCookie(response.headers.getSetCookie());
      assert.deepEqual(await (await visit(jar, fetch, '/n')).json(), { user: 'ada', n: 1 });
    });
  }

  it('keeps the sub-app\'s change when 16 other visitors sign in while its response is on the way out; regression (review): their writes pushed its header out of a ring of 16', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
    let crowd = async () => {};
    const fetch = mountedApps(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 3600, touchInterval: 60 }), { copied: true, meanwhile: () => crowd() });
    const jar = new BrowserJar();
    await visit(jar, fetch, '/login', { method: 'POST' });
    t.mock.timers.tick(120_000); // the renewal is due
    crowd = () => Promise.all(Array.from({ length: 16 }, () => visit(new BrowserJar(), fetch, '/login', { method: 'POST' })));
    const response = await visit(jar, fetch, '/admin/x', { method: 'POST' });
    crowd = async () => {};
    assertOneHeaderPerCookie(response.headers.getSetCookie());
    assert.deepEqual(await (await visit(jar, fetch, '/n')).json(), { user: 'ada', n: 1 });
  });

  it('still renews a session whose response clears a cookie of the same name elsewhere; regression (review): any Set-Cookie of that name put the renewal off, and an active user was signed out at idleTimeout', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
    const app = new Hono();
    app.use(sessionMiddleware(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 3600, touchInterval: 60 })));
    app.post('/login', (c) => (c.var.session.set('user', 'ada'), c.text('in')));
    app.get('/', (c) => {
      c.header('Set-Cookie', '__session=; Path=/app; Max-Age=0', { append: true }); // a legacy cookie's cleanup
      return c.text('home');
    });
    const jar = new BrowserJar();
    const fetch = (request) => app.fetch(request);
    await visit(jar, fetch, '/login', { method: 'POST' });
    t.mock.timers.tick(120_000); // the renewal is due
    const renewed = (await visit(jar, fetch, '/')).headers.getSetCookie().filter((header) => header.startsWith('__session=') && !header.includes('Path=/app'));
    assert.equal(renewed.length, 1, 'the renewal went out');
  });

  /** The outer app and a sub-app under /auth that commits or logs out by hand (storage.commitSession / destroySession). */
  function handCommittingApps(storage) {
    const auth = new Hono();
    auth.use(sessionMiddleware(storage));
    auth.post('/logout', async (c) => {
      c.header('Set-Cookie', await storage.destroySession(c.var.session), { append: true });
      return c.redirect('/', 303);
    });
    auth.post('/remember', async (c) => {
      c.var.session.set('n', 1);
      c.header('Set-Cookie', await storage.commitSession(c.var.session), { append: true });
      return c.text('ok');
    });
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.mount('/auth', auth.fetch);
    app.get('/n', (c) => c.json({ user: c.var.session.get('user') ?? null, n: c.var.session.get('n') ?? null }));
    return (request) => app.fetch(request);
  }

  async function signedInUnder(secret) {
    const old = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] } });
    const session = await old.getSession(null);
    session.set('user', 'ada');
    return new BrowserJar().apply([await old.commitSession(session)]);
  }

  it('keeps a logout the sub-app made by hand (destroySession) under the outer copy\'s re-signing; regression (review): only the lifecycles\' own writes were looked for, and the logout was undone', async () => {
    const jar = await signedInUnder('old');
    const fetch = handCommittingApps(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['new', 'old'] } }));
    const response = await visit(jar, fetch, '/auth/logout', { method: 'POST' });
    assertOneHeaderPerCookie(response.headers.getSetCookie());
    assert.deepEqual(await (await visit(jar, fetch, '/n')).json(), { user: null, n: null });
  });

  it('keeps a change the sub-app committed by hand under the outer copy\'s re-signing; regression (review): it was lost', async () => {
    const jar = await signedInUnder('old');
    const fetch = handCommittingApps(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['new', 'old'] } }));
    const response = await visit(jar, fetch, '/auth/remember', { method: 'POST' });
    assertOneHeaderPerCookie(response.headers.getSetCookie());
    assert.deepEqual(await (await visit(jar, fetch, '/n')).json(), { user: 'ada', n: 1 });
  });

  for (const [kind, make] of [['cookie', createCookieSessionStorage], ['memory', createMemorySessionStorage]]) {
    it(`keeps a logout the sub-app made by hand under the outer copy's renewal (idleTimeout, ${kind} storage); regression (review): the logout was undone`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
      const storage = make({ cookie: { name: '__session', secrets: ['s'] }, idleTimeout: 3600, touchInterval: 60 });
      const fetch = handCommittingApps(storage);
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const jar = new BrowserJar().apply([await storage.commitSession(session)]);
      t.mock.timers.tick(120_000); // the renewal is due
      const response = await visit(jar, fetch, '/auth/logout', { method: 'POST' });
      assertOneHeaderPerCookie(response.headers.getSetCookie());
      assert.deepEqual(await (await visit(jar, fetch, '/n')).json(), { user: null, n: null });
    });
  }

  it('keeps the sub-app\'s change to a cookie under a retired secret; regression: the outer copy\'s re-signing went out after it', async () => {
    const old = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['old'] } });
    const signedIn = await old.getSession(null);
    signedIn.set('user', 'ada');
    const jar = new BrowserJar().apply([await old.commitSession(signedIn)]);
    const fetch = mountedApps(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['new', 'old'] } }));
    const response = await visit(jar, fetch, '/admin/x', { method: 'POST' });
    assertOneHeaderPerCookie(response.headers.getSetCookie());
    assert.deepEqual(await (await visit(jar, fetch, '/n')).json(), { user: 'ada', n: 1 });
  });
});
