// edge-session/react-router with the real react-router package's createRequestHandler, both ways:
// future.v8_middleware on (sessionMiddleware, or withSession + sessionRouterContext) and off (withSession's
// plain load context). A loader reads, an action flashes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler, data, redirect, RouterContextProvider } from 'react-router';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware, sessionRouterContext } from 'edge-session/react-router';
import { loadCore } from '../../js/loader.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { sessionPairOf as sessionCookie } from './support.js';

const secret = 's3cr3t';
const cookieStorage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret], httpOnly: true } });

/**
 * A route module that writes to the session, then ends as the request says. The loader sets `seen` and throws;
 * the action sets `paid` to the form's `outcome`, then: `error` throws an Error, `redirect` throws redirect(),
 * `refused` throws data(..., { status: 422 }).
 */
function failingModule(sessionOf) {
  return {
    loader: ({ context }) => {
      sessionOf(context).set('seen', true);
      throw new Error('database down');
    },
    action: async ({ request, context }) => {
      const outcome = (await request.formData()).get('outcome');
      sessionOf(context).set('paid', outcome);
      if (outcome === 'redirect') throw redirect('/whoami');
      if (outcome === 'refused') throw data({ error: 'card refused' }, { status: 422 });
      throw new Error('database down');
    },
  };
}

/**
 * A minimal server build: a root route (with `rootMiddleware` when given), a resource route whose loader
 * and action get the session through `sessionOf(context)`, and the failingModule twice: as the resource route
 * /pay and as the UI route /checkout (documents and .data requests).
 */
function build({ middleware, rootMiddleware, sessionOf }) {
  return reactRouterBuild(
    {
      root: { id: 'root', path: '', module: rootMiddleware ? { middleware: rootMiddleware } : {} },
      'routes/notice': {
        id: 'routes/notice',
        parentId: 'root',
        path: 'notice',
        module: {
          loader: ({ context }) => {
            const session = sessionOf(context);
            return Response.json({ notice: session.getFlash('notice') ?? null, visits: session.get('visits') ?? 0 });
          },
          action: async ({ request, context }) => {
            const session = sessionOf(context);
            const form = await request.formData();
            session.flash('notice', form.get('notice'));
            session.set('visits', (session.get('visits') ?? 0) + 1);
            return new Response(null, { status: 303, headers: { Location: '/notice' } });
          },
        },
      },
      'routes/logout': {
        id: 'routes/logout',
        parentId: 'root',
        path: 'logout',
        module: {
          action: ({ context }) => {
            sessionOf(context).destroy();
            return new Response(null, { status: 303, headers: { Location: '/notice' } });
          },
        },
      },
      'routes/whoami': {
        id: 'routes/whoami',
        parentId: 'root',
        path: 'whoami',
        module: {
          loader: ({ context }) => {
            const session = sessionOf(context);
            return Response.json({ paid: session.get('paid') ?? null, seen: session.get('seen') ?? null });
          },
        },
      },
      'routes/pay': { id: 'routes/pay', parentId: 'root', path: 'pay', module: failingModule(sessionOf) },
      'routes/checkout': {
        id: 'routes/checkout',
        parentId: 'root',
        path: 'checkout',
        module: { ...failingModule(sessionOf), default: () => null },
      },
    },
    { middleware },
  );
}

/** Post a notice, show it once, see it gone; `fetch(request)` is the app. */
async function postRedirectGet(fetch) {
  const posted = await fetch(new Request('http://app.test/notice', { method: 'POST', body: new URLSearchParams({ notice: 'Saved!' }) }));
  assert.equal(posted.status, 303);
  let cookie = sessionCookie(posted);
  assert.ok(cookie, 'the action was committed');

  const shown = await fetch(new Request('http://app.test/notice', { headers: { Cookie: cookie } }));
  assert.deepEqual(await shown.json(), { notice: 'Saved!', visits: 1 });
  cookie = sessionCookie(shown);
  assert.ok(cookie, 'the flash that arrived is cleared by a commit');

  const again = await fetch(new Request('http://app.test/notice', { headers: { Cookie: cookie } }));
  assert.deepEqual(await again.json(), { notice: null, visits: 1 });
  assert.equal(again.headers.get('Set-Cookie'), null, 'a read-only request writes nothing');
  return cookie;
}

describe('React Router with future.v8_middleware', () => {
  it('sessionMiddleware: a loader reads context.get(sessionContext), an action flashes', async () => {
    const handler = createRequestHandler(
      build({ middleware: true, rootMiddleware: [sessionMiddleware(cookieStorage())], sessionOf: (context) => context.get(sessionContext) }),
    );
    await postRedirectGet((request) => handler(request));
    // A RouterContextProvider of the app's own (e.g. holding the Workers env) works the same.
    await postRedirectGet((request) => handler(request, new RouterContextProvider()));
  });

  it('sessionMiddleware expires the cookie of a destroyed session and frees every session', async () => {
    const core = await loadCore();
    const live = core.liveSessionCount();
    const handler = createRequestHandler(
      build({ middleware: true, rootMiddleware: [sessionMiddleware(cookieStorage())], sessionOf: (context) => context.get(sessionContext) }),
    );
    const cookie = await postRedirectGet((request) => handler(request));
    const out = await handler(new Request('http://app.test/logout', { method: 'POST', headers: { Cookie: cookie } }));
    assert.equal(out.status, 303);
    assert.match(out.headers.get('Set-Cookie'), /^__session=; Max-Age=0/);
    assert.equal(core.liveSessionCount(), live);
  });

  it('sessionMiddleware takes a function of the middleware arguments', async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: [secret] } });
    const seen = [];
    const handler = createRequestHandler(
      build({
        middleware: true,
        rootMiddleware: [sessionMiddleware(({ request }) => (seen.push(new URL(request.url).pathname), storage))],
        sessionOf: (context) => context.get(sessionContext),
      }),
    );
    await postRedirectGet((request) => handler(request));
    assert.deepEqual(seen, ['/notice', '/notice', '/notice']);
  });

  it('sessionMiddleware answers 500 when the storage fails to read, without running the loader', async (t) => {
    t.mock.method(console, 'error', () => {});
    let ran = false;
    const storage = createSessionStorage({
      cookie: createCookie('__session', { secrets: [secret] }),
      createData: async () => 'id',
      readData: async () => {
        throw new Error('database down');
      },
      updateData: async () => {},
      deleteData: async () => {},
    });
    const handler = createRequestHandler(
      build({ middleware: true, rootMiddleware: [sessionMiddleware(storage)], sessionOf: (context) => ((ran = true), context.get(sessionContext)) }),
    );
    const idCookie = (await createCookie('__session', { secrets: [secret] }).serialize('some-id')).split(';')[0];
    const response = await handler(new Request('http://app.test/notice', { headers: { Cookie: idCookie } }));
    assert.equal(response.status, 500);
    assert.match(await response.text(), /session could not be read/);
    assert.equal(ran, false);
  });

  it("refuses withSession's plain context (the issue's 500), and takes it through sessionRouterContext", async (t) => {
    t.mock.method(console, 'error', () => {});
    const handler = createRequestHandler(build({ middleware: true, sessionOf: (context) => context.get(sessionContext) }));
    const plain = withSession(cookieStorage(), (request, context) => handler(request, context));
    const refused = await plain(new Request('http://app.test/notice'), {}, {});
    assert.equal(refused.status, 500);

    const fetch = withSession(cookieStorage(), (request, { session }) => handler(request, sessionRouterContext(session)));
    await postRedirectGet((request) => fetch(request, {}, {}));
  });
});

describe('React Router without middleware', () => {
  it("withSession's { session, env, ctx } is the load context: a loader reads context.session, an action flashes", async () => {
    const handler = createRequestHandler(build({ middleware: false, sessionOf: (context) => context.session }));
    const fetch = withSession(cookieStorage(), (request, context) => handler(request, context));
    await postRedirectGet((request) => fetch(request, {}, {}));
  });
});

// Review defect: React Router catches what a loader or action throws and resolves next() with a 5xx response,
// so sessionMiddleware committed the half-done write of a failing handler (issue 4: a failing handler commits
// nothing, as withSession and the Hono middleware do). A thrown redirect or 4xx is a handled outcome: committed.
describe('sessionMiddleware when a loader or action throws', () => {
  const storages = [
    ['cookie', cookieStorage],
    ['memory', () => createMemorySessionStorage({ cookie: { name: '__session', secrets: [secret] } })],
  ];
  // The failing module as a resource route, as a document and as a .data request (single fetch).
  const kinds = [
    ['resource route', '/pay', 302],
    ['document', '/checkout', 302],
    ['.data', '/checkout.data', 202],
  ];

  /** A handler with sessionMiddleware on `storage`, and a session cookie it has already committed. */
  async function appWithSession(storage) {
    const handler = createRequestHandler(
      build({ middleware: true, rootMiddleware: [sessionMiddleware(storage)], sessionOf: (context) => context.get(sessionContext) }),
    );
    const posted = await handler(new Request('http://app.test/notice', { method: 'POST', body: new URLSearchParams({ notice: 'hi' }) }));
    const cookie = sessionCookie(posted);
    assert.ok(cookie);
    const whoami = async (cookieValue) => (await handler(new Request('http://app.test/whoami', { headers: { Cookie: cookieValue } }))).json();
    return { handler, cookie, whoami };
  }

  const pay = (path, outcome, cookie) =>
    new Request(`http://app.test${path}`, { method: 'POST', body: new URLSearchParams({ outcome }), headers: { Cookie: cookie } });

  for (const [storageName, makeStorage] of storages) {
    it(`an action that sets a value then throws commits nothing: 5xx, no Set-Cookie, not seen next (${storageName} storage)`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const core = await loadCore();
      const { handler, cookie, whoami } = await appWithSession(makeStorage());
      const live = core.liveSessionCount();
      for (const [kind, path] of kinds) {
        const failed = await handler(pay(path, 'error', cookie));
        assert.ok(failed.status >= 500, `${kind}: ${failed.status}`);
        assert.equal(sessionCookie(failed), undefined, `${kind}: the failing action's write is not committed`);
        assert.deepEqual(await whoami(cookie), { paid: null, seen: null }, `${kind}: the next request does not see it`);
      }
      assert.equal(core.liveSessionCount(), live, 'every session was closed');
    });

    it(`a loader that sets a value then throws commits nothing: 5xx, no Set-Cookie, not seen next (${storageName} storage)`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const { handler, cookie, whoami } = await appWithSession(makeStorage());
      for (const [kind, path] of kinds) {
        const failed = await handler(new Request(`http://app.test${path}`, { headers: { Cookie: cookie } }));
        assert.ok(failed.status >= 500, `${kind}: ${failed.status}`);
        assert.equal(sessionCookie(failed), undefined, `${kind}: the failing loader's write is not committed`);
        assert.deepEqual(await whoami(cookie), { paid: null, seen: null }, `${kind}: the next request does not see it`);
      }
    });

    it(`a thrown redirect() still commits: the redirect after a login carries the cookie (${storageName} storage)`, async () => {
      const { handler, cookie, whoami } = await appWithSession(makeStorage());
      for (const [kind, path, status] of kinds) {
        const redirected = await handler(pay(path, 'redirect', cookie));
        assert.equal(redirected.status, status, kind);
        const committed = sessionCookie(redirected);
        assert.ok(committed, `${kind}: the redirect carries the session cookie`);
        assert.deepEqual(await whoami(committed), { paid: 'redirect', seen: null }, kind);
      }
    });

    it(`a thrown data(..., { status: 422 }) still commits: a 4xx is a handled outcome (${storageName} storage)`, async () => {
      const { handler, cookie, whoami } = await appWithSession(makeStorage());
      for (const [kind, path] of kinds) {
        const refused = await handler(pay(path, 'refused', cookie));
        assert.equal(refused.status, 422, kind);
        const committed = sessionCookie(refused);
        assert.ok(committed, `${kind}: the 4xx carries the session cookie`);
        assert.deepEqual(await whoami(committed), { paid: 'refused', seen: null }, kind);
      }
    });
  }
});

describe('sessionMiddleware on the root and on a child route of one request', () => {
  it('opens and commits the one session once; regression: a second copy was committed after the child\'s change', async () => {
    const storage = cookieStorage();
    const handler = createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)] } },
        'routes/admin': {
          id: 'routes/admin',
          parentId: 'root',
          path: 'admin',
          module: {
            middleware: [sessionMiddleware(storage)],
            loader: ({ context }) => {
              context.get(sessionContext).set('admin', true);
              return Response.json({ ok: true });
            },
          },
        },
      }),
    );
    const seeded = await storage.getSession(null);
    seeded.flash('notice', 'hi'); // a flash arriving makes the outer copy dirty on its own
    const cookie = (await storage.commitSession(seeded)).split(';')[0];
    const response = await handler(new Request('https://example.com/admin', { headers: { Cookie: cookie } }));
    const setCookies = response.headers.getSetCookie();
    assert.equal(setCookies.length, 1, setCookies.join('\n'));
    assert.equal((await storage.getSession(setCookies[0].split(';')[0])).get('admin'), true);
  });
});

describe('Parallel loaders that each commit a new session by hand', () => {
  function app(storage) {
    const commitByHand = (key) => async ({ context }) => {
      const session = context.get(sessionContext);
      session.set(key, true);
      session.set('userId', 'u1');
      return data({}, { headers: { 'Set-Cookie': await storage.commitSession(session) } });
    };
    return createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)], loader: commitByHand('root'), default: () => null } },
        'routes/p': { id: 'routes/p', parentId: 'root', path: 'p', module: { loader: commitByHand('child'), default: () => null } },
      }),
    );
  }

  it('make one stored session (memory, userKey); regression: two records, a phantom device listed', async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: [secret] }, userKey: 'userId' });
    const response = await app(storage)(new Request('https://example.com/p'));
    assert.equal(response.status, 200);
    assert.equal((await storage.listUserSessions('u1')).length, 1);
    assert.equal(new Set(response.headers.getSetCookie()).size, 1);
  });

  it('make one record through createSessionStorage (an async createData); regression: two', async () => {
    const records = new Map();
    let made = 0;
    const storage = createSessionStorage({
      cookie: { name: '__session', secrets: [secret] },
      createData: async (value) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const id = `id${++made}`.padEnd(24, '0');
        records.set(id, value);
        return id;
      },
      readData: async (id) => records.get(id) ?? null,
      updateData: async (id, value) => void records.set(id, value),
      deleteData: async (id) => void records.delete(id),
    });
    await app(storage)(new Request('https://example.com/p'));
    assert.equal(records.size, 1, [...records.keys()].join(', '));
  });
});
