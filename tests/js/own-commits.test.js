// A handler's own commits and logouts, by hand and under withSession or a framework middleware, for the
// cookie storage's chunks and migrateFrom: what the browser is left holding, traced with a browser-like jar.
// Each test is named after the defect it pins (from an adversarial review of the chunk and migration leftovers).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage, createRequestHandler, data } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { randomText } from './support.js';

const secrets = ['s3cr3t'];
const migrateFrom = { cookie: { name: '__old', secrets }, format: 'react-router' };

/** The Set-Cookie React Router 7 itself writes for a session of `values` in cookie `name`. */
async function reactRouterSetCookie(name, values) {
  const theirs = theirCookieSessionStorage({ cookie: { name, secrets } });
  const session = await theirs.getSession(null);
  for (const [key, value] of Object.entries(values)) session.set(key, value);
  return theirs.commitSession(session);
}

/** A jar holding the pre-migration React Router session of `ada`. */
async function migratingBrowser() {
  return new BrowserJar().apply([await reactRouterSetCookie('__old', { user: 'ada' })]);
}

describe('commitSessionHeaders taken off the storage', () => {
  for (const chunks of [1, 3]) {
    it(`works as getSession and commitSession do (chunks: ${chunks}); regression: it used this and threw a TypeError`, async () => {
      const { getSession, commitSessionHeaders } = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks, migrateFrom });
      const jar = await migratingBrowser();
      const session = await getSession(jar.header());
      session.set('visits', 1);
      jar.apply(await commitSessionHeaders(session));
      assert.deepEqual(jar.names(), ['__session']);
      assert.equal((await getSession(jar.header())).get('user'), 'ada');
    });
  }
});

for (const encrypt of [false, true]) {
  describe(`a handler's own commits under withSession (${encrypt ? 'sealed' : 'signed'})`, () => {
    it('a commitSession refused after commitSessionHeaders replaces that set of chunks; regression: both sets went out and the session read as fresh', async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks: 5, encrypt });
      const handler = withSession(storage, async (request, { session }) => {
        session.set('notes', randomText(11_000));
        const headers = new Headers();
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        session.set('notes', randomText(6_000)); // still more than one cookie: refused, left to withSession
        await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
        return new Response('ok', { headers });
      });
      const jar = new BrowserJar();
      const response = await visit(jar, handler, '/');
      assertOneHeaderPerCookie(response.headers.getSetCookie());
      assert.equal((await storage.getSession(jar.header())).get('notes')?.length, 6_000, `the browser holds ${jar.names()}`);
    });

    it('a commit refused for the Cookie header budget leaves the session changed and to be written; regression: withSession wrote nothing', async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks: 6, encrypt });
      let dirtyAfterRefusal;
      const handler = withSession(storage, async (request, { session }) => {
        session.set('user', 'ada');
        session.set('notes', randomText(15_000)); // fits 6 cookies, not the 16 KB budget
        await assert.rejects(storage.commitSession(session), { code: 'COOKIE_TOO_LARGE' });
        dirtyAfterRefusal = session.dirty;
        session.unset('notes');
        session.flash('error', 'Your notes are too long');
        return new Response(null, { status: 303, headers: { Location: '/' } });
      });
      const jar = new BrowserJar();
      await visit(jar, handler, '/');
      assert.equal(dirtyAfterRefusal, true);
      const read = await storage.getSession(jar.header());
      assert.deepEqual([read.get('user'), read.get('error')], ['ada', 'Your notes are too long']);
    });
  });
}

describe('a logout during migrateFrom', () => {
  for (const chunks of [1, 3]) {
    it(`by hand, destroy() then commitSession() expires the old cookie's session too (chunks: ${chunks}); regression: the old cookie was read again`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks, migrateFrom });
      const jar = await migratingBrowser();
      const session = await storage.getSession(jar.header());
      assert.equal(session.get('user'), 'ada');
      session.destroy();
      jar.apply([await storage.commitSession(session)]);
      assert.equal((await storage.getSession(jar.header())).get('user'), undefined, `signed in again from ${jar.names()}`);
    });
  }

  for (const steps of [['/logout'], ['/login', '/logout']]) {
    it(`through another instance of the storage under withSession stays signed out (${steps.join(', ')}); regression: the old cookie stayed`, async () => {
      const makeStorage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true }, migrateFrom });
      const app = withSession(makeStorage, async (request, { session, env }) => {
        const storage = makeStorage(env); // the route's own storage, same options
        const path = new URL(request.url).pathname;
        const redirect = (setCookie) => new Response(null, { status: 303, headers: { Location: '/', 'Set-Cookie': setCookie } });
        if (path === '/logout') return redirect(await storage.destroySession(session));
        if (path === '/login') {
          session.set('user', 'bob');
          return redirect(await storage.commitSession(session));
        }
        return new Response(String(session.get('user') ?? 'anonymous'));
      });
      const fetch = (request) => app(request, {}, {});
      const jar = await migratingBrowser();
      for (const path of steps) await visit(jar, fetch, path, { method: 'POST' });
      assert.equal(await (await visit(jar, fetch, '/')).text(), 'anonymous', `the browser holds ${jar.names()}`);
    });
  }
});

/** React Router 7 with the middleware: the root loader commits by hand, and so does the /settings action. */
function reactRouterApp(storage) {
  const sessionOf = (context) => context.get(sessionContext);
  const committed = async (context, body) => data(body, { headers: { 'Set-Cookie': await storage.commitSession(sessionOf(context)) } });
  return createRequestHandler(
    reactRouterBuild({
      root: {
        id: 'root',
        path: '',
        module: { middleware: [sessionMiddleware(storage)], default: () => null, loader: ({ context }) => committed(context, { user: sessionOf(context).get('user') ?? null }) },
      },
      settings: {
        id: 'settings',
        parentId: 'root',
        path: 'settings',
        module: {
          default: () => null,
          action: ({ context }) => {
            sessionOf(context).set('theme', 'dark');
            return committed(context, { ok: true });
          },
        },
      },
      whoami: { id: 'whoami', parentId: 'root', path: 'whoami', module: { loader: ({ context }) => Response.json({ user: sessionOf(context).get('user') ?? null }) } },
    }),
  );
}

describe('React Router: an action and the root loader commit by hand during migrateFrom', () => {
  for (const encrypt of [false, true]) {
    it(`the old cookie is expired beside whichever header React Router puts last (encrypt: ${encrypt}); regression: sealed, it stayed and came back`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets, maxAge: 3600 }, encrypt, migrateFrom });
      const handler = reactRouterApp(storage);
      const jar = await migratingBrowser();
      // Both commits' headers go out (the app made two); the browser keeps the last.
      await visit(jar, handler, '/settings', { method: 'POST', body: new URLSearchParams() });
      assert.deepEqual(jar.names(), ['__session']);
      const later = jar.now;
      jar.now = () => later() + 2 * 3600 * 1000; // __session's Max-Age has passed
      assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: null });
    });
  }
});

describe('a session rewritten only to migrate, renew or seal it that no longer fits its cookie', () => {
  for (const [what, options, oldCookie] of [
    ['migrateFrom (a React Router cookie near 4 KB, rewritten in the Remix v3 format)', { format: 'remix-v3', migrateFrom }, () => reactRouterSetCookie('__old', { user: 'ada', prefs: 'x'.repeat(2_960) })],
    ['encrypt: "migrate" (a signed cookie near 4 KB, sealed)', { encrypt: 'migrate' }, async () => {
      const signed = createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true, secure: true } });
      const session = await signed.getSession(null);
      session.set('user', 'ada');
      session.set('prefs', 'x'.repeat(2_971)); // signed: 4094 bytes; sealed: past 4096
      return signed.commitSession(session);
    }],
  ]) {
    it(`is left as the browser holds it, with a warning, and pages still answer: ${what}; regression: every request answered 500`, async (t) => {
      const warn = t.mock.method(console, 'warn', () => {});
      const old = await oldCookie();
      assert.ok(old.length <= 4096);
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets, httpOnly: true, secure: true }, ...options });
      const app = withSession(storage, (request, { session }) => new Response(`hello ${session.get('user')}`));
      const jar = new BrowserJar().apply([old]);
      for (let i = 0; i < 3; i++) {
        const response = await visit(jar, app, '/');
        assert.equal(response.status, 200);
        assert.equal(await response.text(), 'hello ada');
        assert.deepEqual(response.headers.getSetCookie(), []);
      }
      assert.ok(warn.mock.calls.some((call) => /would not fit/.test(call.arguments[0])));
    });
  }

  it('a changed session that does not fit is still an error (the handler\'s own change)', async (t) => {
    t.mock.method(console, 'error', () => {});
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets } });
    const app = withSession(storage, (request, { session }) => {
      session.set('notes', randomText(5_000));
      return new Response('ok');
    });
    assert.equal((await visit(new BrowserJar(), app, '/')).status, 500);
  });
});

describe('a commit refused after an earlier commit of the request went out', () => {
  for (const chunks of [3, 8]) {
    it(`leaves the handler's own answer and that earlier header (chunks: ${chunks}, refused by ${chunks === 3 ? 'the core' : 'the 16 KB budget'}); regression: the budget's refusal became a 500`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks });
      const app = withSession(storage, async (request, { session }) => {
        session.set('user', 'ada');
        const saved = await storage.commitSession(session); // goes out
        session.set('notes', randomText(15_000)); // past 3 cookies, and past the budget
        await assert.rejects(storage.commitSession(session), { code: 'COOKIE_TOO_LARGE' });
        return new Response('notes too long', { status: 413, headers: { 'Set-Cookie': saved } });
      });
      const jar = new BrowserJar();
      assert.equal((await visit(jar, app, '/')).status, 413);
      assert.equal((await storage.getSession(jar.header())).get('user'), 'ada');
    });
  }
});

describe('a commitSessionHeaders whose headers never go out, after a commit whose header does (same bytes)', () => {
  for (const chunks of [1, 3]) {
    it(`keeps the logout's expiry of the old cookie (chunks: ${chunks}); regression: the logout was undone`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks, migrateFrom });
      const app = withSession(storage, async (request, { session }) => {
        if (new URL(request.url).pathname === '/logout') {
          const logout = await storage.destroySession(session); // this header goes out
          await storage.commitSessionHeaders(session); // every expiring header is alike; never sent
          return new Response(null, { status: 303, headers: { Location: '/', 'Set-Cookie': logout } });
        }
        return new Response(String(session.get('user') ?? 'anonymous'));
      });
      const jar = await migratingBrowser();
      await visit(jar, app, '/logout', { method: 'POST' });
      assert.equal(await (await visit(jar, app, '/')).text(), 'anonymous', `the browser holds ${jar.names()}`);
    });
  }

  it('keeps the expiry of the old cookie beside the commitSession header that goes out', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets, maxAge: 3600 }, migrateFrom });
    const app = withSession(storage, async (request, { session }) => {
      const header = await storage.commitSession(session);
      await storage.commitSessionHeaders(session); // unchanged and signed in the same second: the same bytes; never sent
      return new Response('saved', { headers: { 'Set-Cookie': header } });
    });
    const jar = await migratingBrowser();
    await visit(jar, app, '/', { method: 'POST' });
    assert.deepEqual(jar.names(), ['__session']);
  });
});

describe('commits after a refusal, and byte-identical headers', () => {
  it('a budget refusal after a commit that went out and a SEVERAL_COOKIES refusal leaves that commit standing; regression: a 500', async (t) => {
    t.mock.method(console, 'error', () => {});
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks: 8 });
    const app = withSession(storage, async (request, { session }) => {
      session.set('user', 'ada');
      const saved = await storage.commitSession(session); // goes out
      session.set('notes', randomText(6_000));
      await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
      session.set('notes', randomText(15_000)); // past the 16 KB budget
      await assert.rejects(storage.commitSession(session), { code: 'COOKIE_TOO_LARGE' });
      return new Response('notes too long', { status: 413, headers: { 'Set-Cookie': saved } });
    });
    const jar = new BrowserJar();
    assert.equal((await visit(jar, app, '/')).status, 413);
    assert.equal((await storage.getSession(jar.header())).get('user'), 'ada');
  });

  it('a commitSessionHeaders whose headers go out, after a commitSession of the same bytes, expires the old cookie once; regression: twice', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() }); // one second for both commits: the same bytes
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets, maxAge: 3600 }, migrateFrom });
    const app = withSession(storage, async (request, { session }) => {
      const first = await storage.commitSession(session);
      const all = await storage.commitSessionHeaders(session);
      assert.equal(all[0], first);
      return new Response('saved', { headers: all.map((header) => ['Set-Cookie', header]) });
    });
    const response = await visit(await migratingBrowser(), app, '/', { method: 'POST' });
    assertOneHeaderPerCookie(response.headers.getSetCookie());
  });
});
