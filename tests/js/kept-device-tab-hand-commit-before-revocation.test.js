// README (Signing out everywhere, cookie sessions): a request of another tab of the kept device that read its cookie
// before "sign out of my other devices" "writes nothing, as on the server-side storages, so its void cookie cannot
// replace the kept one". That holds for a tab whose handler committed by hand before the revocation (with or
// without a change after it): the header that hand commit returned, the void cookie, goes from the response.
// Regression (s45 mutation pass over cookie revocation): the lifecycle let a hand commit's header stand; it went
// out after the revocation, replaced the kept cookie, and signed the device out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { gate } from '../helpers/gate.js';
import { pairOf } from '../helpers/sign-in.js';

const get = (cookie) => new Request('https://example.com/', { headers: cookie ? { Cookie: cookie } : {} });
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

for (const changedAfter of [true, false]) {
  describe(`a tab that committed by hand before the revocation${changedAfter ? ', then changed the session' : ''}`, () => {
    it('its response sets no cookie, and the kept device stays signed in', async () => {
      const storage = createCookieSessionStorage({ cookie: { secrets: ['kept-tab-hand-commit-secret-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { kv: mapKV() } });
      const signIn = withSession(storage, (request, { session }) => {
        session.set('userId', 'ada');
        return new Response('in');
      });
      const revokeOthers = withSession(storage, async (request, { session }) => Response.json(await storage.revokeUserSessions('ada', { except: session })));
      const revocationMade = gate();
      const tab = withSession(storage, async (request, { session }) => {
        session.set('visits', 1);
        const header = await storage.commitSession(session); // a helper that commits by hand
        await revocationMade.pass();
        if (changedAfter) session.set('visits', 2);
        return new Response('tab', { headers: { 'Set-Cookie': header } });
      });
      const laptop = cookiesOf(await signIn(get()));
      const tabResponse = tab(get(laptop));
      await revocationMade.reached;
      const kept = cookiesOf(await revokeOthers(get(laptop)));
      revocationMade.open();
      const response = await tabResponse;
      assert.equal(response.status, 200);
      assert.deepEqual(response.headers.getSetCookie(), [], 'its void cookie would replace the kept one');
      assert.equal(response.headers.get('Clear-Site-Data'), null, 'no logout of the device');
      assert.equal((await storage.getSession(kept)).get('userId'), 'ada', 'the kept device is signed in');
      assert.equal((await storage.getSession(laptop)).get('userId'), undefined, 'the old cookie is void');
    });
  });
}

it('a hand commit of a sign-in before another user\'s revocation stands', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['kept-tab-hand-commit-secret-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { kv: mapKV() } });
  const revocationMade = gate();
  const page = withSession(storage, async (request, { session }) => {
    session.set('userId', 'grace');
    const header = await storage.commitSession(session);
    await revocationMade.pass();
    return new Response('in', { headers: { 'Set-Cookie': header } });
  });
  const response = page(get());
  await revocationMade.reached;
  await storage.revokeUserSessions('ada');
  revocationMade.open();
  const cookie = cookiesOf(await response);
  assert.equal((await storage.getSession(cookie)).get('userId'), 'grace');
});
