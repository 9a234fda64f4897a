// README (withSession, after the handler): if a later commitSession of a session was refused (SEVERAL_COOKIES), the
// session is written whole and its earlier headers dropped, still one Set-Cookie per cookie name. During a
// migration (migrateFrom) the earlier commitSessionHeaders already expired the old cookie in the response; the
// lifecycle's whole write, which expires it too, takes that earlier expiry's place rather than adding a second.
// Mutation pass (s50): finishedResponse forgetting the headers the session's earlier commits returned
// (issuedSetCookies) went unnoticed; `__old` was expired twice.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];
const LONG = 5000; // two cookies

it('commitSessionHeaders, then a commitSession refused as SEVERAL_COOKIES, during a migration: each cookie set once', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks: 3, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
  const fetch = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname === '/') return Response.json({ user: session.get('user') ?? null, notes: session.get('notes')?.length ?? null });
    const headers = new Headers();
    session.set('cart', 1);
    for (const header of await storage.commitSessionHeaders(session)) headers.append('Set-Cookie', header);
    session.set('notes', 'n'.repeat(LONG));
    await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
    return new Response('saved', { headers });
  });
  const jar = await jarHoldingOldCookie(secrets);
  const response = await visit(jar, fetch, '/notes', { method: 'POST' });
  assertOneHeaderPerCookie(response.headers.getSetCookie());
  assert.deepEqual(jar.names(), ['__session', '__session.1']);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ada', notes: LONG });
});
