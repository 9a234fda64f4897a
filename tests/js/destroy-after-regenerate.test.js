// A logout after regenerateId() (not yet committed) in the same request: the record the browser's cookie names is
// deleted and unlisted, not only the new ID nobody has. Regression (review): destroySession deleted only the new
// ID, and a stolen copy of the cookie stayed signed in after the logout. README (Storages): "destroy() deletes
// the record and sends an expiring cookie".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from 'edge-session';
import { serverSideStores } from './server-side-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const STORES = serverSideStores({ cookie, userKey: 'userId' });

/** ann's stored session, as the browser's Cookie header. */
async function signedIn(storage) {
  const fresh = await storage.getSession(null);
  fresh.set('userId', 'ann');
  return (await storage.commitSession(fresh)).split(';')[0];
}

async function assertLoggedOut(storage, header) {
  const stolen = await storage.getSession(header);
  assert.equal(stolen.get('userId'), undefined, 'the old cookie (a stolen copy) opens nothing');
  stolen.dispose();
  assert.deepEqual(await storage.listUserSessions('ann'), [], 'no session listed');
}

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: regenerateId() then a logout, in one request`, () => {
    it('destroySession deletes the record the cookie names, and unlists it', async (t) => {
      const storage = await make(t);
      const header = await signedIn(storage);
      const page = await storage.getSession(header);
      page.regenerateId(); // a step of a sign-in flow, then the app decides to log out (a failed second factor)
      assert.match(await storage.destroySession(page), /Max-Age=0/);
      await assertLoggedOut(storage, header);
    });

    it('a hand commit under the new ID first: the record the cookie names still ends', async (t) => {
      // Regression (audit): the commit made the new ID the session's record, and the logout deleted only that one.
      const storage = await make(t);
      for (const appended of [true, false]) {
        const header = await signedIn(storage);
        const response = await withSession(storage, async (request, { session }) => {
          session.regenerateId();
          const headers = new Headers({ 'Set-Cookie': await storage.commitSession(session) });
          const logout = await storage.destroySession(session);
          if (appended) headers.append('Set-Cookie', logout);
          return new Response('out', { headers });
        })(new Request('https://app.example/logout', { method: 'POST', headers: { Cookie: header } }));
        const setCookies = response.headers.getSetCookie();
        assert.equal(setCookies.length, 1, 'only the logout goes out');
        assert.match(setCookies[0], /^__session=; .*Max-Age=0/);
        await assertLoggedOut(storage, header);
      }
    });

    it("a visitor's first commit under a regenerateId(true) ID, then regenerateId() and a logout: that record ends", async (t) => {
      // Regression (lifecycle model audit): the commit created the record under an ID the session made up, so it
      // was not taken for the session's stored record, and the logout after another regenerateId() missed it.
      const storage = await make(t);
      let committed;
      await withSession(storage, async (request, { session }) => {
        session.set('userId', 'ann');
        session.regenerateId(true); // README: on login
        committed = (await storage.commitSession(session)).split(';')[0];
        session.regenerateId();
        return new Response('out', { headers: { 'Set-Cookie': await storage.destroySession(session) } });
      })(new Request('https://app.example/login', { method: 'POST' }));
      await assertLoggedOut(storage, committed);
    });

    it('withSession: regenerateId(), then destroy()', async (t) => {
      const storage = await make(t);
      const header = await signedIn(storage);
      const handler = withSession(storage, (request, { session }) => {
        session.regenerateId();
        session.destroy();
        return new Response('out');
      });
      const response = await handler(new Request('https://app.example/logout', { method: 'POST', headers: { Cookie: header } }));
      assert.match(response.headers.get('Set-Cookie'), /Max-Age=0/);
      await assertLoggedOut(storage, header);
    });
  });
}
