// React Router's logout idiom ("Set-Cookie": await destroySession(session), returning data, no redirect) on a page
// whose root loader refuses a visitor who is not signed in with a thrown 4xx (or a redirect to /login). React Router
// renders the error boundary and drops the action's headers (getDocumentHeaders keeps only the routes up to the
// boundary): the lifecycle sends the expiring cookie again, whatever the status. Regression (review): it did so
// only on a 5xx (tests/js/logout-kept.test.js); on a redirect or a 4xx it sent nothing, and the user stayed signed
// in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, data, redirect } from 'react-router';
import { Hono } from 'hono';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { appMountingAccount } from '../helpers/hono-apps.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true };
const sessionOf = (context) => context.get(sessionContext);

/** The app; `signOut(storage, session)` makes the logout action's Set-Cookie (React Router's destroySession idiom). */
function app(storage, refuse, signOut = (store, session) => store.destroySession(session)) {
  return createRequestHandler(
    reactRouterBuild({
      root: {
        id: 'root', path: '',
        module: {
          middleware: [sessionMiddleware(storage)], default: () => null, ErrorBoundary: () => null,
          loader: ({ context, request }) => {
            const user = sessionOf(context).get('user');
            const path = new URL(request.url).pathname;
            if (!user && path !== '/login') refuse(); // a page for signed-in users only
            return { user: user ?? null };
          },
        },
      },
      login: { id: 'login', parentId: 'root', path: 'login', module: { default: () => null, action: ({ context }) => (sessionOf(context).set('user', 'ada'), new Response(null, { status: 303, headers: { Location: '/account' } })) } },
      account: {
        id: 'account', parentId: 'root', path: 'account',
        module: {
          default: () => null,
          loader: () => ({ ok: true }),
          action: async ({ context }) => data({ signedOut: true }, { headers: { 'Set-Cookie': await signOut(storage, sessionOf(context)) } }),
        },
      },
      whoami: { id: 'whoami', parentId: 'root', path: 'whoami', module: { loader: ({ context }) => Response.json({ user: sessionOf(context).get('user') ?? null }) } },
    }),
  );
}

const refusals = [
  ['throw data(null, { status: 401 })', () => { throw data(null, { status: 401 }); }],
  ["throw redirect('/login')", () => { throw redirect('/login'); }],
  ['throw data(null, { status: 500 })', () => { throw data(null, { status: 500 }); }],
];

/** Signs in, logs out through `handler`'s /account action, and checks the old cookie opens nothing. */
async function loggedOutAfter(t, handler) {
  t.mock.method(console, 'error', () => {});
  const jar = new BrowserJar();
  await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
  assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: 'ada' });
  const out = await visit(jar, handler, '/account', { method: 'POST', body: new URLSearchParams() });
  assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: null },
    `logout answered ${out.status} with Set-Cookie: ${JSON.stringify(out.headers.getSetCookie().map((h) => h.slice(0, 50)))}`);
}

describe('React Router: a logout by hand whose revalidated root loader refuses the signed-out visitor', () => {
  for (const [how, refuse] of refusals) {
    it(`stays a logout when the root loader does ${how}`, (t) => loggedOutAfter(t, app(createCookieSessionStorage({ cookie }), refuse)));
  }
});

it('a server-side storage (memory) stays logged out: its record is deleted, and nothing more is sent', async () => {
  const storage = createMemorySessionStorage({ cookie });
  const handler = app(storage, () => { throw redirect('/login'); });
  const jar = new BrowserJar();
  await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
  await visit(jar, handler, '/account', { method: 'POST', body: new URLSearchParams() });
  assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: null });
});

// The logout sent again is the header the storage gave, not a second destroySession: that recorded the sign-out
// twice (a second KV delete of one key within milliseconds, which production KV refuses with 429, and the logout
// waited a second for the retry) and ran an app's wrapper twice. And a session disposed after its hand commit or
// destroy is known by what the storage recorded: a read of its live state threw, and the response became a 500.
// Regressions (review).
function countingKv({ spacing = 0 } = {}) {
  const entries = new Map();
  const lastWrite = new Map();
  const kv = {
    deletes: [],
    get: async (key) => entries.get(key)?.value ?? null,
    async put(key, value, options) {
      const now = performance.now();
      if (now - (lastWrite.get(key) ?? -Infinity) < spacing) throw new Error('KV PUT failed: 429 Too Many Requests');
      lastWrite.set(key, now);
      entries.set(key, { value, metadata: options?.metadata });
    },
    async delete(key) {
      kv.deletes.push(key);
      const now = performance.now();
      if (now - (lastWrite.get(key) ?? -Infinity) < spacing) throw new Error('KV DELETE failed: 429 Too Many Requests');
      lastWrite.set(key, now);
      entries.delete(key);
    },
    list: async ({ prefix = '' } = {}) => ({ keys: [...entries].filter(([n]) => n.startsWith(prefix)).map(([name, { metadata }]) => ({ name, metadata })), list_complete: true }),
  };
  return kv;
}

function droppingLogoutApp(storage) {
  return withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') { session.set('userId', 'ada'); return new Response('in'); }
    if (path === '/logout') {
      // React Router's idiom; the framework then answers with its error boundary / a redirect, dropping the header.
      await storage.destroySession(session);
      return new Response(null, { status: 303, headers: { Location: '/login' } });
    }
    return Response.json({ user: session.get('userId') ?? null });
  });
}

describe('A logout sent again is not made again', () => {
  it('a dropped logout header: the sign-out is recorded once (one KV delete of the sign-in key)', async () => {
    const kv = countingKv();
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId', revocation: { kv } });
    const handler = droppingLogoutApp(storage);
    const jar = new BrowserJar();
    await visit(jar, handler, '/login');
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: 'ada' });
    await visit(jar, handler, '/logout');
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null }, 'logged out');
    const signInDeletes = kv.deletes.filter((k) => k.startsWith('edge-session:sign-in:'));
    assert.equal(signInDeletes.length, 1, `sign-in key deleted ${signInDeletes.length} times: ${JSON.stringify(signInDeletes)}`);
  });

  it('revocation { namespace }: a dropped logout header sends one sign-out to the user\'s index object, not two', async () => {
    const calls = [];
    const stub = {
      userRevocation: async () => null,
      userRegister: async (id) => (calls.push(['register', id]), { ok: true, evicted: [], added: true }),
      userUnregister: async (id) => void calls.push(['unregister', id]),
      userRevoke: async () => ({ ended: [], count: 0 }),
    };
    const namespace = { idFromName: (name) => name, get: () => stub };
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId', revocation: { namespace } });
    const handler = droppingLogoutApp(storage);
    const jar = new BrowserJar();
    await visit(jar, handler, '/login');
    await visit(jar, handler, '/logout');
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null });
    const unregisters = calls.filter(([kind]) => kind === 'unregister');
    assert.equal(unregisters.length, 1, `userUnregister RPCs: ${JSON.stringify(unregisters)}`);
  });

  it('an app\'s wrapper storage (audit log in destroySession): one logout is audited once', async () => {
    const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const audit = [];
    const storage = {
      getSession: (h, o) => base.getSession(h, o),
      commitSession: (s, o) => base.commitSession(s, o),
      destroySession: async (s, o) => { audit.push('logout'); return base.destroySession(s, o); },
    };
    const handler = droppingLogoutApp(storage);
    const jar = new BrowserJar();
    await visit(jar, handler, '/login');
    await visit(jar, handler, '/logout');
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null });
    assert.deepEqual(audit, ['logout'], 'the lifecycle called the app\'s destroySession a second time');
  });
});

describe('A session disposed after a hand commit or destroy', () => {
  for (const [kind, make] of [
    ['cookie', () => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } })],
    ['memory', () => createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } })],
  ]) {
    it(`${kind}: commit by hand, dispose(), return the header: the response stands; regression: a 500`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storage = make();
      const handler = withSession(storage, async (request, { session }) => {
        session.set('user', 'ada');
        const setCookie = await storage.commitSession(session);
        session.dispose(); // done with it: free its memory (and a Durable Object's lease) now
        return new Response('signed in', { headers: { 'Set-Cookie': setCookie } });
      });
      const response = await handler(new Request('https://example.com/login', { method: 'POST' }));
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(response.headers.getSetCookie().length, 1);
    });

    it(`${kind}: destroySession by hand, dispose(), return the header: the response stands; regression: a 500`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storage = make();
      const handler = withSession(storage, async (request, { session }) => {
        const setCookie = await storage.destroySession(session);
        session.dispose();
        return new Response('signed out', { headers: { 'Set-Cookie': setCookie } });
      });
      const response = await handler(new Request('https://example.com/logout', { method: 'POST' }));
      assert.equal(response.status, 200, await response.clone().text());
    });
  }
});

// A logout made with destroy() then commitSession by hand is sent again too; one given another path by its options
// is checked against that path; and a request session the handler disposed is never read.
describe('React Router: destroy() then commitSession by hand, the header dropped by the error boundary; regression (review): only destroySession\'s logout was sent again', () => {
  for (const [how, refuse] of refusals) {
    const destroyThenCommit = (store, session) => (session.destroy(), store.commitSession(session));
    it(`stays a logout when the root loader does ${how}`, (t) => loggedOutAfter(t, app(createCookieSessionStorage({ cookie }), refuse, destroyThenCommit)));
  }
});

it('withSession: destroy() then commitSession by hand, the page redirects without the header: stays a logout; regression (review)', async () => {
  const storage = createCookieSessionStorage({ cookie });
  const handler = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') { session.set('user', 'ada'); return new Response('in'); }
    if (path === '/logout') {
      session.destroy();
      await storage.commitSession(session); // the header a framework then drops
      return new Response(null, { status: 303, headers: { Location: '/login' } });
    }
    return Response.json({ user: session.get('user') ?? null });
  });
  const jar = new BrowserJar();
  await visit(jar, handler, '/login');
  await visit(jar, handler, '/logout', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null });
});

const appPath = { path: '/app' };

function switchUserApp(storage) {
  return withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/app/login') {
      const who = new URL(request.url).searchParams.get('as');
      return new Response('in', { headers: { 'Set-Cookie': await (async () => { session.set('user', who); return storage.commitSession(session, appPath); })() } });
    }
    if (path === '/app/switch') {
      // "Sign in as someone else": end the current session, then sign the other user in on a fresh one.
      await storage.destroySession(session, appPath);
      const fresh = await storage.getSession(null);
      fresh.set('user', 'bob');
      return new Response('switched', { headers: { 'Set-Cookie': await storage.commitSession(fresh, appPath) } });
    }
    return Response.json({ user: session.get('user') ?? null });
  });
}

it('per-call { path }: sign out then sign in as bob in one request leaves bob signed in; regression (review): the logout, resent, expired bob\'s new cookie', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
  const handler = switchUserApp(storage);
  const jar = new BrowserJar();
  await visit(jar, handler, '/app/login?as=ada');
  assert.deepEqual(await (await visit(jar, handler, '/app/me')).json(), { user: 'ada' });
  const switched = await visit(jar, handler, '/app/switch', { method: 'POST' });
  const headers = switched.headers.getSetCookie();
  assert.deepEqual(await (await visit(jar, handler, '/app/me')).json(), { user: 'bob' },
    `switch answered Set-Cookie: ${JSON.stringify(headers.map((h) => h.slice(0, 60)))}`);
});

it('the same without per-call options leaves bob signed in', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], path: '/app' } });
  const handler = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/app/login') { session.set('user', 'ada'); return new Response('in'); }
    if (path === '/app/switch') {
      await storage.destroySession(session);
      const fresh = await storage.getSession(null);
      fresh.set('user', 'bob');
      return new Response('switched', { headers: { 'Set-Cookie': await storage.commitSession(fresh) } });
    }
    return Response.json({ user: session.get('user') ?? null });
  });
  const jar = new BrowserJar();
  await visit(jar, handler, '/app/login');
  await visit(jar, handler, '/app/switch', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, handler, '/app/me')).json(), { user: 'bob' });
});

describe('withSession: the request session disposed by the handler, not committed', () => {
  it('untouched, dispose(), 200: the response stands; regression (review): a 500', async (t) => {
    const errors = t.mock.method(console, 'error', () => {});
    const storage = createCookieSessionStorage({ cookie });
    const handler = withSession(storage, async (request, { session }) => {
      const user = session.get('user');
      session.dispose(); // done with it: free its WebAssembly memory now
      return Response.json({ user: user ?? null });
    });
    const response = await handler(new Request('https://example.com/'));
    assert.equal(response.status, 200, `${response.status} ${await response.clone().text()} ${errors.mock.calls.map((c) => String(c.arguments[1])).join()}`);
  });
});

describe('withSession: destroy() then dispose(), not committed by hand', () => {
  it('the response stands, and nothing is written: its state went with the dispose (README: dispose the request\'s session after committing or destroying it through the storage)', async (t) => {
    const errors = t.mock.method(console, 'error', () => {});
    const storage = createCookieSessionStorage({ cookie });
    const disposing = withSession(storage, async (request, { session }) => {
      session.destroy();
      session.dispose();
      return new Response(null, { status: 303, headers: { Location: '/' } });
    });
    const out = await disposing(new Request('https://example.com/logout', { method: 'POST' }));
    assert.equal(out.status, 303, `${out.status} ${await out.clone().text()}`);
    assert.deepEqual(out.headers.getSetCookie(), []);
    assert.equal(errors.mock.callCount(), 0);
  });
});

describe('Hono: destroySession by hand, dispose(), then the handler throws', () => {
  for (const [kind, make] of [['cookie', () => createCookieSessionStorage({ cookie })]]) {
    it(`${kind}: the logout is still sent and onError gets the app\'s error; regression (review): the disposed session\'s state was read, SESSION_DISPOSED`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const storage = make();
      const app = new Hono();
      let seen;
      app.onError((error, c) => { seen = error; return c.text('failed', 500); });
      app.use(honoSession(storage));
      app.post('/login', (c) => { c.var.session.set('user', 'ada'); return c.text('in'); });
      app.get('/me', (c) => c.json({ user: c.var.session.get('user') ?? null }));
      app.post('/logout', async (c) => {
        const setCookie = await storage.destroySession(c.var.session);
        c.var.session.dispose(); // done with it
        void setCookie; // the app meant to return it; it fails first
        throw new Error('audit log unreachable');
      });
      const jar = new BrowserJar();
      const fetch = (req) => app.fetch(req);
      await visit(jar, fetch, '/login', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' });
      const out = await visit(jar, fetch, '/logout', { method: 'POST' });
      assert.equal(out.status, 500);
      const logoutHeaders = out.headers.getSetCookie();
      const after = await (await visit(jar, fetch, '/me')).json();
      assert.deepEqual(after, { user: null }, `logout Set-Cookie: ${JSON.stringify(logoutHeaders)}; onError got: ${seen?.code} ${seen?.message}`);
      assert.equal(seen?.message, 'audit log unreachable', `onError got: ${seen?.code} ${seen?.message}`);
    });
  }
});

// On a 5xx, the logout resent only when the response sets nothing for the cookie it ended, as on any other status.
const signOuts = {
  destroySession: (storage, session) => storage.destroySession(session),
  'destroy() + commitSession': (storage, session) => (session.destroy(), storage.commitSession(session)),
};

describe('A switch of user in a React Router action (sign out by hand, a new session committed by hand), on a 2xx or a 5xx', () => {
for (const [how, signOut] of Object.entries(signOuts)) for (const failing of [false, true]) {
  it(`switch user in an action (${how}, then a fresh session for bob committed by hand), loader ${failing ? 'throws (500, route ErrorBoundary)' : 'ok'}: bob stays signed in${failing ? '; regression (review): on the 5xx the logout was resent after bob\'s header' : ''}`, async (t) => {
    t.mock.method(console, 'error', () => {});
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const handler = createRequestHandler(reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)], default: () => null, ErrorBoundary: () => null } },
      login: { id: 'login', parentId: 'root', path: 'login', module: { default: () => null, action: ({ context }) => (sessionOf(context).set('user', 'ada'), new Response(null, { status: 303, headers: { Location: '/whoami' } })) } },
      switch: {
        id: 'switch', parentId: 'root', path: 'switch',
        module: {
          default: () => null, ErrorBoundary: () => null,
          loader: () => { if (failing) throw new Error('dashboard backend down'); return { ok: true }; },
          action: async ({ context }) => {
            await signOut(storage, sessionOf(context));
            const fresh = await storage.getSession(null);
            fresh.set('user', 'bob');
            return data({ switched: true }, { headers: { 'Set-Cookie': await storage.commitSession(fresh) } });
          },
        },
      },
      whoami: { id: 'whoami', parentId: 'root', path: 'whoami', module: { loader: ({ context }) => Response.json({ user: sessionOf(context).get('user') ?? null }) } },
    }));
    const jar = new BrowserJar();
    await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
    assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: 'ada' });
    const out = await visit(jar, handler, '/switch', { method: 'POST', body: new URLSearchParams() });
    assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: 'bob' },
      `switch answered ${out.status} with Set-Cookie ${JSON.stringify(out.headers.getSetCookie().map((h) => h.slice(0, 40)))}`);
  });
}
});

// A hand commit earlier in the request (a "last seen" stamp, a flash before the redirect) is the session's own
// header, not a newer sign-in: the logout whose header was dropped after it is still sent. Regression (review): it
// counted as a header that sets the ended cookie, the logout was not sent, and the browser kept a signed-in cookie.
/**
 * withSession over `storage`: POST /login signs ada in, /me says who is signed in, any other path is
 * `route(session, request)` (what it answers).
 */
function accountApp(storage, route) {
  return withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') {
      session.set('user', 'ada');
      return new Response('in');
    }
    if (path === '/me') return Response.json({ user: session.get('user') ?? null });
    return route(session, request);
  });
}

/** Signs ada in through `handler`, posts `path`, and says who is signed in then (one header per cookie checked). */
async function signedInAfter(handler, path) {
  const jar = new BrowserJar();
  await visit(jar, handler, '/login', { method: 'POST' });
  const out = await visit(jar, handler, path, { method: 'POST' });
  assertOneHeaderPerCookie(out.headers.getSetCookie());
  return (await (await visit(jar, handler, '/me')).json()).user;
}

describe('A logout by hand dropped after a hand commit of the same session earlier in the request', () => {
  it('withSession: the logout is sent after the earlier commit\'s header', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const handler = accountApp(storage, async (session) => {
      const headers = new Headers({ Location: '/login' });
      session.flash('notice', 'Signing out...');
      headers.append('Set-Cookie', await storage.commitSession(session)); // an earlier step saved it
      await storage.destroySession(session); // the logout, its header dropped
      return new Response(null, { status: 303, headers });
    });
    const jar = new BrowserJar();
    await visit(jar, handler, '/login', { method: 'POST' });
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: 'ada' });
    const out = await visit(jar, handler, '/logout', { method: 'POST' });
    assertOneHeaderPerCookie(out.headers.getSetCookie()); // the earlier commit's header goes: the logout supersedes it
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null });
  });

  it('Hono: a middleware commits before next(), the route logs out by hand and redirects without the header', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const hono = new Hono();
    hono.use(honoSession(storage));
    hono.use(async (c, next) => {
      const session = c.get('session');
      if (session.get('user')) {
        session.set('seen', Date.now());
        c.header('Set-Cookie', await storage.commitSession(session), { append: true });
      }
      await next();
    });
    hono.post('/login', (c) => {
      c.get('session').set('user', 'ada');
      return c.text('in');
    });
    hono.post('/logout', async (c) => {
      await storage.destroySession(c.get('session')); // React Router's idiom, its header not put on the response
      return c.redirect('/login', 303);
    });
    hono.get('/me', (c) => c.json({ user: c.get('session').get('user') ?? null }));
    const fetch = (request) => hono.fetch(request);
    const jar = new BrowserJar();
    await visit(jar, fetch, '/login', { method: 'POST' });
    assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' });
    await visit(jar, fetch, '/logout', { method: 'POST' });
    assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null });
  });
});

// A middleware of the app's own commits a "last seen" stamp by hand before next() and appends its header after it;
// the route switches account by hand (React Router's idiom): destroySession of the old one, its header not sent, and
// the new one's commit. The browser keeps a cookie's last header: the old session's stamp, appended last, signed the
// logged-out user in again (regression, review). The logged-out session's own earlier headers now go.
describe('A switch of user by hand after a middleware\'s hand commit of the old session, appended after the route\'s headers', () => {
  const lastSeenSession = async (storage, session) => {
    if (!session.get('user')) return undefined;
    session.set('seen', 1);
    return storage.commitSession(session);
  };

  it('React Router: signed in as the new user', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const lastSeen = async ({ context }, next) => {
      const header = await lastSeenSession(storage, sessionOf(context));
      const response = await next();
      if (header) response.headers.append('Set-Cookie', header);
      return response;
    };
    const handler = createRequestHandler(reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage), lastSeen], default: () => null } },
      login: { id: 'login', parentId: 'root', path: 'login', module: { action: ({ context }) => (sessionOf(context).set('user', 'ada'), redirect('/')) } },
      switch: {
        id: 'switch',
        parentId: 'root',
        path: 'switch',
        module: {
          action: async ({ context }) => {
            await storage.destroySession(sessionOf(context));
            const other = await storage.getSession(null);
            other.set('user', 'bob');
            return redirect('/', { headers: { 'Set-Cookie': await storage.commitSession(other) } });
          },
        },
      },
      whoami: { id: 'whoami', parentId: 'root', path: 'whoami', module: { loader: ({ context }) => Response.json({ user: sessionOf(context).get('user') ?? null }) } },
    }));
    const jar = new BrowserJar();
    await visit(jar, handler, '/login', { method: 'POST', body: new URLSearchParams() });
    assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: 'ada' });
    const out = await visit(jar, handler, '/switch', { method: 'POST', body: new URLSearchParams() });
    assertOneHeaderPerCookie(out.headers.getSetCookie());
    assert.deepEqual(await (await visit(jar, handler, '/whoami')).json(), { user: 'bob' });
  });

  it('Hono: signed in as the new user', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const hono = new Hono();
    hono.use(honoSession(storage));
    hono.use(async (c, next) => {
      const header = await lastSeenSession(storage, c.get('session'));
      await next();
      if (header) c.res.headers.append('Set-Cookie', header);
    });
    hono.post('/login', (c) => (c.get('session').set('user', 'ada'), c.text('in')));
    hono.post('/switch', async (c) => {
      await storage.destroySession(c.get('session'));
      const other = await storage.getSession(null);
      other.set('user', 'bob');
      c.header('Set-Cookie', await storage.commitSession(other), { append: true });
      return c.redirect('/', 303);
    });
    hono.get('/whoami', (c) => c.json({ user: c.get('session').get('user') ?? null }));
    const fetch = (request) => hono.fetch(request);
    const jar = new BrowserJar();
    await visit(jar, fetch, '/login', { method: 'POST' });
    const out = await visit(jar, fetch, '/switch', { method: 'POST' });
    assertOneHeaderPerCookie(out.headers.getSetCookie());
    assert.deepEqual(await (await visit(jar, fetch, '/whoami')).json(), { user: 'bob' });
  });
});

// The same switch in one handler, the new user's header first and the logged-out session's own commit after it:
// that commit's header goes, on every storage (server-side, it names a deleted record). Regression (review): on
// the cookie storage the old user was signed in again; on the server-side ones nobody was.
describe('A switch of user by hand whose new header comes before a hand commit of the logged-out session', () => {
  for (const [name, make] of [
    ['cookie', () => createCookieSessionStorage({ cookie })],
    ['memory', () => createMemorySessionStorage({ cookie })],
  ]) {
    it(`${name}: signed in as the new user, one header for the cookie`, async () => {
      const storage = make();
      const handler = accountApp(storage, async (session) => {
        const headers = new Headers({ Location: '/' });
        const other = await storage.getSession(null);
        other.set('user', 'bob');
        headers.append('Set-Cookie', await storage.commitSession(other));
        session.flash('notice', 'bye');
        headers.append('Set-Cookie', await storage.commitSession(session)); // the old session's own commit
        await storage.destroySession(session); // its logout, the header dropped
        return new Response(null, { status: 303, headers });
      });
      assert.equal(await signedInAfter(handler, '/switch'), 'bob');
    });
  }
});

// A chunked logout by hand through commitSessionHeaders of the destroyed session: its expiring headers are no commit
// the logout supersedes. Regression (review): they were noted as the session's own commits and dropped from the
// response, and the user stayed signed in.
describe('A chunked logout by hand through commitSessionHeaders', () => {
  for (const size of ['one cookie', 'three cookies']) {
    it(`signs out (${size})`, async () => {
      const storage = createCookieSessionStorage({ cookie, chunks: 3 });
      const handler = accountApp(storage, async (session) => {
        session.destroy();
        const headers = new Headers();
        for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
        return new Response('out', { headers });
      });
      const jar = new BrowserJar();
      await visit(jar, handler, '/login', { method: 'POST' });
      if (size === 'three cookies') {
        const session = await storage.getSession(jar.header());
        session.set('notes', 'n'.repeat(7000));
        jar.apply(await storage.commitSessionHeaders(session));
      }
      assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: 'ada' });
      await visit(jar, handler, '/logout', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null });
      assert.deepEqual(jar.names(), [], 'no chunk left');
    });
  }
});

// A fresh sign-in of the same data after a logout by hand has the bytes of the logged-out session's earlier hand
// commit (a signed cookie without times is deterministic): only as many of those as the session committed are its
// own. Regression (review): both went, the logout was resent, and nobody was signed in.
it('Hono: a fresh sign-in of the same user whose header has the bytes of the old session\'s hand commit: signed in', async () => {
  const storage = createCookieSessionStorage({ cookie });
  const hono = new Hono();
  hono.use(honoSession(storage));
  hono.use(async (c, next) => {
    const session = c.get('session');
    const header = session.get('user') ? await storage.commitSession(session) : undefined; // the app's "keep it"
    await next();
    if (header) c.res.headers.append('Set-Cookie', header);
  });
  hono.post('/login', async (c) => {
    const session = c.get('session');
    if (session.has('user')) await storage.destroySession(session); // a fresh session for every sign-in
    const fresh = await storage.getSession(null);
    fresh.set('user', 'ada');
    c.header('Set-Cookie', await storage.commitSession(fresh), { append: true });
    return c.redirect('/', 303);
  });
  hono.get('/me', (c) => c.json({ user: c.get('session').get('user') ?? null }));
  const fetch = (request) => hono.fetch(request);
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' });
  await visit(jar, fetch, '/login', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' });
});

// A server-side session committed twice by hand (a stamp, then an unchanged "keep it"), then switched to another
// user: both of its headers are its own. Regression (review): the unchanged commit's was not noted, stayed after the
// new user's header, and named the deleted record: nobody was signed in.
it('memory: two hand commits of the old session, the second unchanged, after a switch of user: the new user is signed in', async () => {
  const storage = createMemorySessionStorage({ cookie });
  const handler = accountApp(storage, async (session) => {
    const headers = new Headers({ Location: '/' });
    const other = await storage.getSession(null);
    other.set('user', 'bob');
    headers.append('Set-Cookie', await storage.commitSession(other));
    session.set('seen', 1);
    headers.append('Set-Cookie', await storage.commitSession(session));
    headers.append('Set-Cookie', await storage.commitSession(session)); // unchanged: the same header again
    await storage.destroySession(session);
    return new Response(null, { status: 303, headers });
  });
  assert.equal(await signedInAfter(handler, '/switch'), 'bob');
});

// A logout by another copy of the request's session (the app's own getSession, React Router's idiom; a Hono sub-app
// under app.mount) stands over the request's session, which holds what was logged out: neither its change nor a
// hand commit of it is sent over that logout. Regressions (audits of issues 11 and 13): on the cookie storage the
// request's session was written over the copy's logout, or its hand commit appended after it, and the user stayed
// signed in.
describe('A logout by another copy of the request\'s session', () => {
  it('withSession, cookie: the handler changes its session, then logs out its own getSession copy', async () => {
    const storage = createCookieSessionStorage({ cookie });
    const handler = accountApp(storage, async (session, request) => {
      session.set('lastPage', '/logout'); // a change of the request's own session
      const own = await storage.getSession(request.headers.get('Cookie')); // React Router's idiom
      return new Response('out', { headers: { 'Set-Cookie': await storage.destroySession(own) } });
    });
    const jar = new BrowserJar();
    await visit(jar, handler, '/login', { method: 'POST' });
    const out = await visit(jar, handler, '/logout', { method: 'POST' });
    assertOneHeaderPerCookie(out.headers.getSetCookie());
    assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: null });
  });

  for (const [name, make] of [
    ['cookie', () => createCookieSessionStorage({ cookie })],
    ['memory', () => createMemorySessionStorage({ cookie })],
  ]) {
    it(`Hono app.mount, ${name}: the sub-app logs out by hand after the parent's "last seen" hand commit`, async () => {
      const storage = make();
      const account = new Hono();
      account.use(honoSession(storage));
      account.post('/logout', async (c) => {
        c.header('Set-Cookie', await storage.destroySession(c.get('session')), { append: true });
        return c.redirect('/', 303);
      });
      const fetch = appMountingAccount(storage, account);
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      await visit(jar, fetch, '/account/logout', { method: 'POST' });
      assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null });
    });
  }
});

// The session's own hand commit that expires its cookie (`commitSession(session, { maxAge: 0 })`) is its own
// logout, no copy's: it stays. Regression (review of the copy rule): it was taken for a copy's logout and, as the
// session's own header, dropped from the response, and the user stayed signed in.
it('a hand commit with maxAge: 0 stays in the response and signs out', async () => {
  const storage = createCookieSessionStorage({ cookie });
  const handler = accountApp(storage, async (session) => {
    const headers = new Headers({ 'Set-Cookie': await storage.commitSession(session, { maxAge: 0 }) });
    return new Response('out', { headers });
  });
  assert.equal(await signedInAfter(handler, '/logout'), null);
});
