// The README's "Remember me" recipe (Session lifetime), as written there: a commit's maxAge holds for that commit
// only (withSession, the middlewares and the renewal commit with the storage's options), so the choice is kept in
// the session and the session committed by hand whenever it is to be written. Found by a dogfooding audit: the
// README's `maxAge: remember ? WEEK : undefined` at sign-in alone lasted one response.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createCookieSessionStorage, createMemorySessionStorage, flashSuccess, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const WEEK = 7 * 24 * 3600;

/** The README's helper, verbatim. */
async function rememberedSetCookies(storage, session, status) {
  if (status >= 500 || session.destroyed || !(session.dirty || session.renewalDue)) return [];
  const options = { maxAge: session.get('remember') ? WEEK : undefined };
  return storage.commitSessionHeaders ? storage.commitSessionHeaders(session, options) : [await storage.commitSession(session, options)];
}

/** An app's routes: sign in (remember or not), a page that flashes (a write), a plain page, sign out. */
async function route(request, session) {
  const { pathname, searchParams } = new URL(request.url);
  if (pathname === '/login') {
    await session.regenerateId(true);
    session.set('user', 'ada');
    session.set('remember', searchParams.get('remember') === 'on');
  } else if (pathname === '/flash') {
    flashSuccess(session, 'Saved.');
  } else if (pathname === '/logout') {
    session.destroy();
  } else if (pathname === '/big') {
    session.set('notes', 'x'.repeat(6000)); // past one cookie: a chunked storage writes several
  } else if (pathname === '/fail') {
    session.set('paid', true);
    return new Response('unavailable', { status: 503 });
  }
  return Response.redirect('https://app.example/', 303); // immutable headers: the recipe copies it
}

const STORES = {
  cookie: (maxAge) => createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge }, idleTimeout: 1800 }),
  'chunked cookie': (maxAge) => createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge }, idleTimeout: 1800, chunks: 4 }),
  memory: (maxAge) => createMemorySessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge }, idleTimeout: 1800 }),
};

/** withSession as the README wires it. */
function withSessionApp(storage) {
  return withSession(storage, async (request, { session }) => {
    const response = await route(request, session);
    const setCookies = await rememberedSetCookies(storage, session, response.status);
    if (setCookies.length === 0) return response;
    const copy = new Response(response.body, response);
    for (const setCookie of setCookies) copy.headers.append('Set-Cookie', setCookie);
    return copy;
  });
}

/** Hono as the README wires it. */
function honoApp(storage) {
  const app = new Hono();
  app.use(sessionMiddleware(() => storage));
  app.use(async (c, next) => {
    await next();
    for (const setCookie of await rememberedSetCookies(storage, c.var.session, c.res.status)) {
      c.header('Set-Cookie', setCookie, { append: true });
    }
  });
  app.all('*', (c) => route(c.req.raw, c.var.session));
  return (request) => app.fetch(request, {}, {});
}

/** Drives `fetch` with one cookie; resolves to each response's session Set-Cookie headers. */
function browser(fetch) {
  const jar = new Map(); // the session cookie and its chunks (__session, __session.1, ...)
  const visit = async (path) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new Request(`https://app.example${path}`, { headers: cookie ? { Cookie: cookie } : {} }), {}, {});
    visit.status = response.status;
    const set = response.headers.getSetCookie().filter((header) => header.startsWith('__session'));
    for (const header of set) {
      const [name, value] = header.split(';')[0].split(/=(.*)/s);
      if (/Max-Age=0/.test(header)) jar.delete(name);
      else jar.set(name, value);
    }
    return set.filter((header) => !/Max-Age=0/.test(header) || !/^__session\.\d/.test(header)); // a chunk's expiry is housekeeping
  };
  return visit;
}

for (const [entry, app] of [['withSession', withSessionApp], ['Hono', honoApp]]) {
  for (const [store, make] of Object.entries(STORES)) {
    describe(`"Remember me" through ${entry}, ${store} storage`, () => {
      it('unticked under a storage maxAge: a browser-session cookie on every later write', async () => {
        const visit = browser(app(make(WEEK)));
        const [signIn] = await visit('/login');
        assert.doesNotMatch(signIn, /Max-Age/, 'sign-in');
        const [flashed] = await visit('/flash');
        assert.ok(flashed, 'the flash is written');
        assert.doesNotMatch(flashed, /Max-Age/, 'a later write keeps the choice');
        const [cleared] = await visit('/'); // the flash that arrived is cleared: another write
        assert.doesNotMatch(cleared, /Max-Age/);
        assert.deepEqual(await visit('/'), [], 'nothing to write: no header');
      });

      it('unticked: the rolling renewal keeps it a browser-session cookie too', async (t) => {
        t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
        const visit = browser(app(make(WEEK)));
        await visit('/login');
        t.mock.timers.tick(451_000); // past the touch interval, a quarter of idleTimeout
        const [renewed] = await visit('/');
        assert.ok(renewed, 'the renewal is written');
        assert.doesNotMatch(renewed, /Max-Age/);
      });

      it('ticked under a storage without maxAge: a week on every later write', async () => {
        const visit = browser(app(make(undefined)));
        assert.match((await visit('/login?remember=on'))[0], new RegExp(`Max-Age=${WEEK}`));
        assert.match((await visit('/flash'))[0], new RegExp(`Max-Age=${WEEK}`));
      });

      it('a server error writes nothing; a session past one cookie is written whole', async () => {
        const visit = browser(app(make(WEEK)));
        await visit('/login');
        assert.deepEqual(await visit('/fail'), [], 'a 5xx commits nothing');
        assert.equal(visit.status, 503);
        if (store === 'cookie') return; // one cookie holds no 6 KB session
        const big = await visit('/big');
        assert.equal(visit.status, 303);
        assert.ok(big.length >= (store === 'chunked cookie' ? 2 : 1), `${big.length} cookies`); // review: commitSession alone threw SEVERAL_COOKIES
        assert.ok(big.every((header) => !/Max-Age/.test(header)), big.join('\n'));
      });

      it('a sign-out still expires the cookie, once', async () => {
        const visit = browser(app(make(WEEK)));
        await visit('/login');
        const logout = await visit('/logout');
        assert.equal(logout.length, 1);
        assert.match(logout[0], /Max-Age=0/);
      });
    });
  }
}

// Why the recipe: the choice given to the sign-in's commit alone is lost at the session's next write.
describe('"Remember me" as one commit option alone', () => {
  it("lasts one response: the next write has the storage's Max-Age", async () => {
    const storage = STORES.cookie(WEEK);
    const visit = browser(
      withSession(storage, async (request, { session }) => {
        const response = await route(request, session);
        if (new URL(request.url).pathname !== '/login') return response;
        const copy = new Response(response.body, response);
        copy.headers.append('Set-Cookie', await storage.commitSession(session, { maxAge: undefined }));
        return copy;
      }),
    );
    assert.doesNotMatch((await visit('/login'))[0], /Max-Age/);
    assert.match((await visit('/flash'))[0], new RegExp(`Max-Age=${WEEK}`));
  });
});
