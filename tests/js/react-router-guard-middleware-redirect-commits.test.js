// React Router (future.v8_middleware): a route middleware below the root's sessionMiddleware that guards a page
// (no user: flash why, then throw or return redirect('/login') without calling next()) is a handled answer, like a
// loader's thrown redirect: the flash is committed on the redirect and shown once on the login page, for a
// document request and for a single-fetch `.data` request. Written by the blind framework pass (s42): only
// loaders' and actions' thrown redirects were pinned, not a middleware's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequestHandler, redirect } from 'react-router';
import { createCookieSessionStorage, createMemorySessionStorage, flashError, getFlashMessages } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const cookie = { name: '__session', secrets: ['guard-middleware-secret-0123456789abcdef'], httpOnly: true };
const GUARDS = {
  'throws redirect()': ({ context }) => {
    if (context.get(sessionContext).get('user') === undefined) {
      flashError(context.get(sessionContext), 'Sign in first.');
      throw redirect('/login');
    }
  },
  'returns redirect()': ({ context }, next) => {
    if (context.get(sessionContext).get('user') === undefined) {
      flashError(context.get(sessionContext), 'Sign in first.');
      return redirect('/login');
    }
    return next();
  },
};

function handlerFor(storage, guard) {
  const json = (request, status, headers, routerContext) =>
    new Response(JSON.stringify(routerContext.staticHandlerContext.loaderData), { status, headers });
  return createRequestHandler(
    reactRouterBuild(
      {
        root: { id: 'root', path: '', module: { default: () => null, middleware: [sessionMiddleware(storage)] } },
        account: { id: 'account', parentId: 'root', path: 'account', module: { default: () => null, middleware: [guard], loader: () => ({ page: 'account' }) } },
        login: {
          id: 'login',
          parentId: 'root',
          path: 'login',
          module: { default: () => null, loader: ({ context }) => ({ messages: getFlashMessages(context.get(sessionContext)) }) },
        },
      },
      { entry: json },
    ),
  );
}

const sessionCookies = (response) => response.headers.getSetCookie().filter((header) => header.startsWith('__session='));
const get = (handler, path, cookieHeader) => handler(new Request(`https://app.example${path}`, { headers: cookieHeader ? { Cookie: cookieHeader } : {} }));

for (const [storageName, makeStorage] of [['cookie', createCookieSessionStorage], ['memory', createMemorySessionStorage]]) {
  for (const [guardName, guard] of Object.entries(GUARDS)) {
    describe(`A route middleware that ${guardName} after flashing (${storageName} storage)`, () => {
      it('commits the flash on the redirect of a document request, shown once on the page it leads to', async () => {
        const handler = handlerFor(makeStorage({ cookie }), guard);
        const guarded = await get(handler, '/account');
        assert.equal(guarded.status, 302);
        const [setCookie, ...more] = sessionCookies(guarded);
        assert.ok(setCookie, 'the redirect carries no session cookie: the flash was lost');
        assert.deepEqual(more, []);
        const sent = setCookie.split(';')[0];
        const login = JSON.parse(await (await get(handler, '/login', sent)).text());
        assert.deepEqual(login.login.messages, [{ severity: 'error', message: 'Sign in first.' }]);
        const again = await get(handler, '/login', sent);
        const cleared = sessionCookies(again)[0]?.split(';')[0] ?? sent;
        assert.deepEqual(JSON.parse(await (await get(handler, '/login', cleared)).text()).login.messages, []);
      });

      it('commits it on the redirect of a .data request too', async () => {
        const handler = handlerFor(makeStorage({ cookie }), guard);
        const guarded = await get(handler, '/account.data');
        assert.ok(guarded.status < 500, `status ${guarded.status}`);
        const [setCookie] = sessionCookies(guarded);
        assert.ok(setCookie, 'the .data redirect carries no session cookie: the flash was lost');
        const login = await get(handler, '/login.data', setCookie.split(';')[0]);
        assert.match(await login.text(), /Sign in first\./);
      });
    });
  }
}
