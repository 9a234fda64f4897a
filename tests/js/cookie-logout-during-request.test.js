// With the cookie storage, a request of the same browser still running when the user logs out (a page's fetch, a
// React Router fetcher or revalidation, a second tab) must not sign the user in again: its response arrives after the
// logout's and the browser keeps its Set-Cookie, the signed-in session. README (Security model, Logout): "A request
// already under way when the user logs out cannot write the session back". tests/js/logout-during-request.test.js
// holds the server-side storages to it; a renewal of the cookie storage was already held (a rewrite of a session read
// before another write of it is not made), a change or a flash cleared was not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as routerSession } from 'edge-session/react-router';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { logoutRaceRoute } from '../helpers/logout-race-route.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

const FRAMEWORKS = {
  withSession: (storage, slowPage, what) =>
    withSession(storage, (request, { session }) => logoutRaceRoute(new URL(request.url).pathname, session, slowPage, what)),
  Hono: (storage, slowPage, what) => {
    const app = new Hono();
    app.use(honoSession(storage));
    app.all('*', (c) => logoutRaceRoute(new URL(c.req.url).pathname, c.var.session, slowPage, what));
    return (request) => app.fetch(request);
  },
  'React Router (a fetcher in flight)': (storage, slowPage, what) => {
    const handle = ({ request, context }) => logoutRaceRoute(new URL(request.url).pathname.replace(/\.data$/, ''), context.get(sessionContext), slowPage, what);
    const routes = { root: { id: 'root', path: '', module: { middleware: [routerSession(storage)] } } };
    for (const name of ['login', 'logout', 'slow', 'me']) {
      routes[`routes/${name}`] = { id: `routes/${name}`, parentId: 'root', path: name, module: { loader: handle, action: handle } };
    }
    const handler = createRequestHandler(reactRouterBuild(routes));
    return (request) => handler(request);
  },
};

for (const [framework, make] of Object.entries(FRAMEWORKS)) {
  describe(`${framework}, cookie storage: a request in flight during a logout`, () => {
    for (const what of ['change', 'flash cleared']) {
      it(`does not sign the browser in again (${what})`, async () => {
        const slowPage = gate();
        const fetch = make(createCookieSessionStorage({ cookie }), slowPage, what);
        const jar = new BrowserJar();
        await visit(jar, fetch, '/login', { method: 'POST' });
        const slow = visit(jar, fetch, '/slow', { method: 'POST' }); // sent before the logout, answered after it
        await slowPage.reached;
        await visit(jar, fetch, '/logout', { method: 'POST' });
        slowPage.open();
        await slow;
        assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null }, `the browser holds ${jar.names()}`);
      });
    }
  });
}
