// README (Signing out everywhere, cookie sessions): a request of another tab that carries the kept device's old
// cookie, read after "sign out of my other devices", reads as a fresh session that the lifecycle writes only if it
// signs in; "a logout from it is written". With `chunks`, withSession writes a logout through commitSessionHeaders,
// where the kept tab's refusal is decided (refuseIfRevoked); tests/js/kept-device-tab-read-after-revocation.test.js
// holds the logout with one cookie, written through destroySession. Mutation pass (s45): the refusal's check that
// the session is not destroyed, dropped, went unnoticed; the chunked logout then sent no cookie at all, and the
// device stayed signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { pairOf } from '../helpers/sign-in.js';

const cookie = { secrets: ['kept-tab-chunked-logout-secret-0123'], maxAge: 3600 };
const get = (header) => new Request('https://example.com/', { headers: header ? { Cookie: header } : {} });
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

it('with chunks, a logout from a tab of the kept device (read after the revocation) sends its expiring cookie', async () => {
  const storage = createCookieSessionStorage({ cookie, chunks: 2, userKey: 'userId', revocation: { kv: mapKV() } });
  const signIn = withSession(storage, (request, { session }) => {
    session.set('userId', 'ada');
    return new Response('in');
  });
  const revokeOthers = withSession(storage, async (request, { session }) => Response.json(await storage.revokeUserSessions('ada', { except: session })));
  const logout = withSession(storage, (request, { session }) => {
    session.destroy();
    return new Response('out');
  });
  const laptop = cookiesOf(await signIn(get()));
  const kept = cookiesOf(await revokeOthers(get(laptop)));
  assert.equal((await storage.getSession(kept)).get('userId'), 'ada');
  const [expiring] = (await logout(get(laptop))).headers.getSetCookie();
  assert.match(expiring ?? '', /^__session=; Max-Age=0/, 'the logout is written');
});
