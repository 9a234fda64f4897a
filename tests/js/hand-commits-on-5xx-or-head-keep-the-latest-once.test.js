// README (withSession, after the handler): several hand commits of the session in one response keep only the latest
// commit's header, one Set-Cookie per cookie name; on a 5xx or a HEAD a handler's own commit is still made, its
// header kept with what goes beside it. A middleware's "last seen" stamp committed by hand before the route, its
// header appended after the route's own later commit's, then a 500 or a HEAD: the browser gets the latest commit's
// header alone, and keeps the route's change.
// Regression (s50 scenario pass): on a 5xx or a HEAD, copyLogoutKept sent what went beside the latest commit but
// kept every earlier commit's header for the session's cookie; two Set-Cookies for `__session` (a browser keeps
// the last, whichever a framework put last), on the cookie, chunked and server-side storages alike.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { BrowserJar, assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];
const cookie = { name: '__session', secrets };
const storages = {
  cookie: () => createCookieSessionStorage({ cookie }),
  'cookie with chunks: 3': () => createCookieSessionStorage({ cookie, chunks: 3 }),
  memory: () => createMemorySessionStorage({ cookie }),
};

for (const [kind, make] of Object.entries(storages)) {
  for (const [status, method] of [[500, 'POST'], [200, 'HEAD']]) {
    it(`${kind}: two hand commits in a ${status} ${method} response send the latest once`, async () => {
      const storage = make();
      const fetch = withSession(storage, async (request, { session }) => {
        const path = new URL(request.url).pathname;
        if (path === '/') return Response.json({ user: session.get('user') ?? null, step: session.get('step') ?? null });
        if (path === '/login') return (session.set('user', 'ada'), new Response('in'));
        session.set('seen', 1);
        const stamp = await storage.commitSession(session); // the middleware's, before the route
        const headers = new Headers();
        session.set('step', 2);
        headers.append('Set-Cookie', await storage.commitSession(session)); // the route's
        headers.append('Set-Cookie', stamp); // the middleware's, after the route
        return new Response('the page failed', { status, headers });
      });
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      const response = await visit(jar, fetch, '/checkout', { method });
      assertOneHeaderPerCookie(response.headers.getSetCookie());
      assert.deepEqual(jar.names(), ['__session']);
      assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ada', step: 2 });
    });
  }
}
