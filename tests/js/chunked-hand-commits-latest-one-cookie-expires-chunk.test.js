// README (chunks): when a session shrinks, the chunks the request carried and the commit no longer uses are expired
// in the same response; under withSession, what a hand commit's one header cannot carry goes beside the latest
// commit's header. A session of two cookies, committed by hand three times in one request (one cookie, then two
// through commitSessionHeaders, then one again): the browser keeps the latest commit's one cookie, the second
// chunk expired, no stale chunk of the middle commit's data left in it. Mutation pass (s50): leftoversBeside
// taking the session's earliest header in the response for its latest went unnoticed; the earliest commit's
// leftovers were dropped as set later (by the middle commit's chunk), and `__session.1` stayed in the browser.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const LONG = 5000; // two cookies

it('three hand commits (1, 2, then 1 cookie) over a session of two cookies: only __session is left', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, chunks: 3 });
  const fetch = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/long') {
      session.set('value', 'b'.repeat(LONG));
      return new Response('long');
    }
    if (path === '/') return Response.json({ value: session.get('value') ?? null });
    const headers = new Headers();
    session.set('value', 'x');
    headers.append('Set-Cookie', await storage.commitSession(session));
    session.set('value', 'm'.repeat(LONG));
    for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
    session.set('value', 'y');
    headers.append('Set-Cookie', await storage.commitSession(session));
    return new Response('three commits', { headers });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/long', { method: 'POST' });
  assert.deepEqual(jar.names(), ['__session', '__session.1']);
  await visit(jar, fetch, '/three', { method: 'POST' });
  assert.deepEqual(jar.names(), ['__session']);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { value: 'y' });
});
