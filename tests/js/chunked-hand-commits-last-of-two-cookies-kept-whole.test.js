// README (withSession, after the handler): several hand commits of a session in one response keep only the latest
// commit's headers, a chunked session's cookie and chunks together: a hand commitSession of one cookie, then a
// commitSessionHeaders of two (the session grew), both on the response, leave the browser the latest session whole,
// both its cookies. Mutation pass (s50): supersededCommits dropping a chunked session's earlier headers too went
// unnoticed; the latest commit's first cookie was dropped as an earlier header, and the session read as fresh.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const LONG = 5000; // two cookies

it('commitSession (one cookie), then commitSessionHeaders (two), by hand: the browser keeps the two-cookie session', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, chunks: 3 });
  const fetch = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname === '/') return Response.json({ length: session.get('value')?.length ?? null });
    const headers = new Headers();
    session.set('value', 'x');
    headers.append('Set-Cookie', await storage.commitSession(session));
    session.set('value', 'm'.repeat(LONG));
    for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
    return new Response('two commits', { headers });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/grow', { method: 'POST' });
  assert.deepEqual(jar.names(), ['__session', '__session.1']);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { length: LONG });
});
