// README (Memory; withSession): dispose of the request's session only after committing or destroying it through the
// storage; a session destroyed through the storage whose expiring header the response lacks (left out, or dropped by
// a framework) is logged out all the same, the lifecycle sending that header again. So it is for one disposed after
// its destroySession: the storage's own records of the logout tell, not the session's freed state.
// Mutation pass (s45): finishSession taking every disposed session as having nothing to write (the settled check
// left out) went unnoticed; the logout was not sent, and the browser stayed signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] };

for (const [name, make] of [['cookie', () => createCookieSessionStorage({ cookie })], ['memory', () => createMemorySessionStorage({ cookie })]]) {
  it(`${name}: destroySession, then dispose(), the header left out of the response: signed out`, async () => {
    const storage = make();
    const fetch = withSession(storage, async (request, { session }) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/login') session.set('user', 'ada');
      if (pathname !== '/logout') return Response.json({ user: session.get('user') ?? null });
      await storage.destroySession(session); // its header left out of the redirect
      session.dispose();
      return new Response(null, { status: 303, headers: { Location: '/' } });
    });
    const jar = new BrowserJar();
    await visit(jar, fetch, '/login', { method: 'POST' });
    const stolen = jar.header();
    await visit(jar, fetch, '/logout', { method: 'POST' });
    assert.deepEqual(jar.names(), [], 'the browser still holds the session cookie');
    assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: null });
    if (name === 'memory') {
      const replayed = await fetch(new Request('https://example.com/', { headers: { Cookie: stolen } }));
      assert.deepEqual(await replayed.json(), { user: null }, 'the record outlived the logout');
    }
  });
}
