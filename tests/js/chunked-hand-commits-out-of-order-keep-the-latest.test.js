// README (withSession, after the handler): several hand commits of a session in one response keep only the latest
// commit's headers, wherever the framework put them (React Router merges its routes' headers parent first, so a
// child's earlier commit may come after the root's later one): one Set-Cookie per cookie name, and the browser keeps
// the latest session. For a chunked session that is the latest commit's cookie and chunks together. Regression
// (s50): a chunked session's commits were left as the app put them; with the later commit's headers first, the
// browser kept the earlier commit's chunks (the later change undone) or a mix of both commits' (no session at all).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'], maxAge: 3600 };
const LONG = 5000; // two cookies

/** The steps' values: an earlier commit, then a later one, each of one or two cookies. */
const CASES = {
  'two cookies, then two cookies': ['a'.repeat(LONG), 'b'.repeat(LONG)],
  'one cookie, then two cookies': ['a', 'b'.repeat(LONG)],
  'two cookies, then one cookie': ['a'.repeat(LONG), 'b'],
};

for (const [name, [earlier, later]] of Object.entries(CASES)) {
  describe(`a chunked session committed by hand twice, the later commit's headers put first (${name})`, () => {
    for (const [method, status] of [['POST', 200], ['POST', 500], ['HEAD', 200]]) {
      it(`${method} answered ${status}: the browser keeps the later commit, one header per cookie`, async () => {
        const storage = createCookieSessionStorage({ cookie, chunks: 3 });
        const fetch = withSession(storage, async (request, { session }) => {
          const path = new URL(request.url).pathname;
          if (path === '/sign-in') {
            session.set('user', 'ada');
            return new Response('in');
          }
          if (path === '/') return Response.json({ user: session.get('user') ?? null, value: session.get('value') ?? null });
          session.set('value', earlier);
          const first = await storage.commitSessionHeaders(session);
          session.set('value', later);
          const second = await storage.commitSessionHeaders(session);
          const headers = new Headers();
          for (const header of [...second, ...first]) headers.append('Set-Cookie', header); // parent first
          return new Response(null, { status, headers });
        });
        const jar = new BrowserJar();
        await visit(jar, fetch, '/sign-in', { method: 'POST' });
        const response = await visit(jar, fetch, '/twice', { method });
        assert.equal(response.status, status);
        assertOneHeaderPerCookie(response.headers.getSetCookie());
        assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ada', value: later });
      });
    }
  });
}
