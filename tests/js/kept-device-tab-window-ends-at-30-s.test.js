// README (Signing out everywhere, cookie sessions): "for 30 s after the revocation `withSession` and the middlewares
// write such a session only if it signs in ... After 30 s it writes as any fresh session". The window is 30 s to the
// millisecond of the revocation's mark: at 29,999 ms a tab of the kept device carrying its old cookie writes
// nothing, at 30,000 ms it writes. Mutation pass (s45): the window made inclusive (<= 30 s) went unnoticed
// (tests/js/kept-device-tab-read-after-revocation.test.js steps from 29 s to 31 s).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { pairOf } from '../helpers/sign-in.js';

const cookie = { secrets: ['kept-tab-window-secret-0123456789'], maxAge: 3600 };
const get = (header) => new Request('https://example.com/', { headers: header ? { Cookie: header } : {} });
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

it("a tab of the kept device writes its anonymous session again 30,000 ms after the revocation's mark, not 29,999", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  const kv = mapKV();
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const signIn = withSession(storage, (request, { session }) => {
    session.set('userId', 'ada');
    return new Response('in');
  });
  const revokeOthers = withSession(storage, async (request, { session }) => Response.json(await storage.revokeUserSessions('ada', { except: session })));
  const form = withSession(storage, (request, { session }) => new Response(csrfToken(session)));
  const laptop = cookiesOf(await signIn(get()));
  await revokeOthers(get(laptop)); // its response lost
  const { keys } = await kv.list({ prefix: 'edge-session:revoked:' });
  const { at } = JSON.parse(await kv.get(keys[0].name));
  t.mock.timers.setTime(at + 29_999);
  assert.deepEqual((await form(get(laptop))).headers.getSetCookie(), [], 'within 30 s: nothing written over the kept cookie');
  t.mock.timers.setTime(at + 30_000);
  assert.equal((await form(get(laptop))).headers.getSetCookie().length, 1, 'at 30 s: its CSRF secret is written');
});
