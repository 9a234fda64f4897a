// README (withSession, after the handler): a server error commits nothing, but a handler's own commit is made, its
// header kept with what goes beside it (stale chunks' and the migrateFrom cookie's expiry), as on a HEAD. During a
// migration with chunks, a hand commitSession of one cookie, then a later commitSession of the grown session refused
// (SEVERAL_COOKIES, caught), then a 500: the first commit's header goes out with the old cookie's expiry. Regression
// (s50 lifecycle mutation pass, RQ71): the refused commit left the session unsettled, and copyLogoutKept, which sends
// a hand commit's leftovers on a 5xx, looked only at settled sessions; `__old` stayed beside the new cookie, to be
// read again (its session back) once `__session` lapsed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { jarHoldingOldCookie } from './old-cookie-jar.js';
import { assertOneHeaderPerCookie, visit } from '../helpers/browser-jar.js';

const secrets = ['s3cr3t-of-thirty-two-characters!!!'];
const LONG = 5000; // two cookies

it('a hand commit, then a refused one, then a 500, during a migration: __old is expired beside the hand commit', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, chunks: 3, migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' } });
  const fetch = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname === '/') return Response.json({ user: session.get('user') ?? null, cart: session.get('cart') ?? null });
    const headers = new Headers();
    session.set('cart', 1);
    headers.append('Set-Cookie', await storage.commitSession(session));
    session.set('notes', 'n'.repeat(LONG));
    await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
    return new Response('the notes service is down', { status: 500, headers });
  });
  const jar = await jarHoldingOldCookie(secrets);
  const response = await visit(jar, fetch, '/notes', { method: 'POST' });
  assert.equal(response.status, 500);
  assertOneHeaderPerCookie(response.headers.getSetCookie());
  assert.deepEqual(jar.names(), ['__session']);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ada', cart: 1 });
});
