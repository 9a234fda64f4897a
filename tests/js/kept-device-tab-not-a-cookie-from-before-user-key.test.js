// README (Signing out everywhere, cookie sessions): for 30 s after "sign out of my other devices" a tab carrying the
// kept device's old cookie is written only if it signs in, as "the revocation's mark names the kept sign-in"; a
// kept cookie that carried no sign-in time "has no stamp for the mark to name". Any other device's void cookie
// "writes as any fresh session". A cookie from before userKey (no sign-in time) is such another device, even when
// it began in the very millisecond the kept device signed in. Mutation pass (s45): the kept-device check taking a
// timeless cookie's start (signedInBy) for its sign-in went unnoticed; that device's anonymous write (a sign-in
// form's CSRF secret) was then refused for 30 s.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { pairOf } from '../helpers/sign-in.js';

const cookie = { secrets: ['kept-tab-timeless-cookie-secret-0123'], maxAge: 3600 };
const get = (header) => new Request('https://example.com/', { headers: header ? { Cookie: header } : {} });
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

it("a cookie from before userKey begun in the kept sign-in's millisecond is no tab of the kept device: its form writes", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  const kv = mapKV();
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const beforeUserKey = createCookieSessionStorage({ cookie });
  const signIn = withSession(storage, (request, { session }) => {
    session.set('userId', 'ada');
    return new Response('in');
  });
  const laptop = cookiesOf(await signIn(get()));
  const { keys } = await kv.list({ prefix: 'edge-session:sign-in:' });
  const stamp = Number(keys[0].name.split(':').at(-1));
  t.mock.timers.setTime(stamp); // the old device's cookie begins in the laptop's sign-in's millisecond
  const old = await beforeUserKey.getSession(null);
  old.set('userId', 'ada');
  const desktop = pairOf(await beforeUserKey.commitSession(old));
  const revokeOthers = withSession(storage, async (request, { session }) => Response.json(await storage.revokeUserSessions('ada', { except: session })));
  assert.equal((await storage.getSession(desktop)).get('userId'), 'ada', 'signed in before the revocation');
  await revokeOthers(get(laptop));
  const form = withSession(storage, (request, { session }) => new Response(String(session.get('userId')) + csrfToken(session)));
  const page = await form(get(desktop));
  assert.match(await page.text(), /^undefined/, 'revoked');
  assert.equal(page.headers.getSetCookie().length, 1, "its CSRF secret is written, as any revoked device's");
});
