// A handler that logs out by hand and puts the logout's header in twice (destroySession, then commitSession of the
// destroyed session, whose commit is that logout again): withSession leaves one Set-Cookie per cookie, as issue 11
// asks of a session the handler committed or destroyed itself. Regression (audit of issue 11): both went out.
// The same on a 500 (README: a server error after a logout still ends the session, "the end of a session is no
// half-done write": request-lifecycle.js endedAnyway). Mutation pass (s50): endedAnyway writing a hand-destroyed
// session anew rather than deciding it as on any other status went unnoticed; both identical headers went out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const storages = {
  memory: () => createMemorySessionStorage({ cookie }),
  'cookie, signed': () => createCookieSessionStorage({ cookie }),
  'cookie, sealed in 3 chunks': () => createCookieSessionStorage({ cookie, encrypt: true, chunks: 3 }),
};

for (const [name, makeStorage] of Object.entries(storages)) {
  describe(`the logout's header put in twice by the handler (${name})`, () => {
    for (const status of [200, 500]) it(`goes out once on a ${status}, and the browser is signed out; regression: two identical Set-Cookies for the session cookie`, async () => {
      const storage = makeStorage();
      const fetch = withSession(storage, async (request, { session }) => {
        if (new URL(request.url).pathname === '/login') {
          session.set('user', 'ada');
          return new Response('in');
        }
        const headers = new Headers();
        headers.append('Set-Cookie', await storage.destroySession(session));
        headers.append('Set-Cookie', await storage.commitSession(session));
        return new Response('out', { status, headers });
      });
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      assert.deepEqual(jar.names(), ['__session']);
      const response = await visit(jar, fetch, '/logout', { method: 'POST' });
      assert.equal(response.status, status);
      const setCookies = response.headers.getSetCookie();
      assertOneHeaderPerCookie(setCookies);
      assert.equal(setCookies.length, 1);
      assert.deepEqual(jar.names(), []);
      const after = await storage.getSession(jar.header());
      assert.equal(after.get('user'), undefined);
    });
  });
}
