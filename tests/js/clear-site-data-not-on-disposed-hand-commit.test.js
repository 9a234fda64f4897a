// README (Security model, Logout): Clear-Site-Data ("prefetchCache", "prerenderCache") goes with a logout. A session
// committed by hand and then disposed (README, Memory: dispose only after committing or destroying it) is no logout:
// its freed state reads as nothing (SESSION_DISPOSED), and the storage's own records say it was not destroyed.
// Mutation pass (s45): wasDestroyed taking every disposed session as destroyed went unnoticed; a page that committed
// by hand and disposed its session sent Clear-Site-Data, dropping the signed-in user's prefetched pages.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

it('a hand commit, then dispose(): the user stays signed in, and no Clear-Site-Data goes out', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] } });
  const fetch = withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null });
    session.set('user', 'ada');
    const setCookie = await storage.commitSession(session);
    session.dispose();
    return new Response('in', { headers: { 'Set-Cookie': setCookie } });
  });
  const jar = new BrowserJar();
  const response = await visit(jar, fetch, '/login', { method: 'POST' });
  assert.equal(response.headers.get('Clear-Site-Data'), null);
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' });
});
