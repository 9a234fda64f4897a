// README (withSession, after the handler): a session the handler destroyed itself gets exactly one Set-Cookie for
// its cookie, and a server error after a logout still ends the session ("the end of a session is no half-done
// write": request-lifecycle.js endedAnyway, once). A handler that puts its logout's header in twice (destroySession,
// then commitSession of the destroyed session) and answers 500 sends it once, as on a 200
// (tests/js/logout-header-twice.test.js). Mutation pass (s50): endedAnyway writing a hand-destroyed session anew
// rather than deciding it as on any other status went unnoticed; both identical headers went out on the 500.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const storages = {
  memory: () => createMemorySessionStorage({ cookie }),
  'cookie, signed': () => createCookieSessionStorage({ cookie }),
};

for (const [name, makeStorage] of Object.entries(storages)) {
  describe(`the logout's header put in twice, then a 500 (${name})`, () => {
    it('goes out once, and the browser is signed out', async () => {
      const storage = makeStorage();
      const fetch = withSession(storage, async (request, { session }) => {
        if (new URL(request.url).pathname === '/login') {
          session.set('user', 'ada');
          return new Response('in');
        }
        const headers = new Headers();
        headers.append('Set-Cookie', await storage.destroySession(session));
        headers.append('Set-Cookie', await storage.commitSession(session));
        return new Response('the audit log is down', { status: 500, headers });
      });
      const jar = new BrowserJar();
      await visit(jar, fetch, '/login', { method: 'POST' });
      assert.deepEqual(jar.names(), ['__session']);
      const response = await visit(jar, fetch, '/logout', { method: 'POST' });
      assert.equal(response.status, 500);
      const setCookies = response.headers.getSetCookie();
      assertOneHeaderPerCookie(setCookies);
      assert.equal(setCookies.length, 1);
      assert.deepEqual(jar.names(), []);
      assert.equal((await storage.getSession(jar.header())).get('user'), undefined);
    });
  });
}
