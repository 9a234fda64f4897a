// A logout whose session's WebAssembly instance failed while the handler awaited (another request's stack overflow):
// destroy() now ends it (9218120), but the handler's next read of the destroyed session still asks the failed
// instance and throws CORE_RESET. A destroyed session's reads return nothing ("reads return nothing, writes throw",
// session.js destroy()), and none of them needs its state; thrown out of the handler, the logout page is a 500 and,
// with the cookie storage, no expiring cookie is sent: the user stays signed in, the failure 9218120 fixed for
// destroy() itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { cookiePair } from './support.js';
import { breakTheInstanceWithAStackOverflow } from './broken-core.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

for (const [name, make] of [
  ['cookie', () => createCookieSessionStorage({ cookie })],
  ['memory + userKey', () => createMemorySessionStorage({ cookie, userKey: 'user' })],
]) {
  describe(`${name}: the instance failed, then destroy(), then the handler reads the session`, () => {
    it('withSession answers the handler\'s page with the cookie expired', async () => {
      const storage = make();
      const signIn = await storage.getSession(null);
      signIn.set('user', 'ann');
      const header = cookiePair(await storage.commitSession(signIn));
      const handler = withSession(storage, async (request, { session }) => {
        await breakTheInstanceWithAStackOverflow(); // another request's trap, while this one awaited
        session.destroy();
        // The page after a logout: the layout shows who is signed in, and any flash.
        return new Response(`signed in as ${session.get('user') ?? 'nobody'}`);
      });
      let response;
      try {
        response = await handler(new Request('https://x/logout', { method: 'POST', headers: { Cookie: header } }));
      } catch (error) {
        assert.fail(`the handler threw ${error.code}: no response, no expiring cookie`);
      }
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(await response.text(), 'signed in as nobody');
      assert.match(response.headers.get('set-cookie') ?? '', /Max-Age=0|Expires=Thu, 01 Jan 1970/, 'the cookie expired');
    });

    it('the reads of the destroyed session return nothing, as they do when its instance is sound', async () => {
      const storage = make();
      const signIn = await storage.getSession(null);
      signIn.set('user', 'ann');
      const session = await storage.getSession(cookiePair(await storage.commitSession(signIn)));
      await breakTheInstanceWithAStackOverflow();
      session.destroy();
      assert.equal(session.destroyed, true);
      assert.equal(session.get('user'), undefined);
      assert.equal(session.has('user'), false);
      assert.equal(session.getFlash('notice'), undefined);
    });
  });
}

it('the other reads of a destroyed session whose instance failed answer as a sound one does', async () => {
  const storage = createMemorySessionStorage({ cookie, userKey: 'user' });
  const signIn = await storage.getSession(null);
  signIn.set('user', 'ann');
  const session = await storage.getSession(cookiePair(await storage.commitSession(signIn)));
  await breakTheInstanceWithAStackOverflow();
  session.destroy();
  assert.deepEqual([session.data, session.size, session.dirty, session.renewalDue], [{}, 0, true, false]);
  session.dispose();
  assert.throws(() => session.get('user'), { code: 'SESSION_DISPOSED' });
});

// Regression (review): session.id still asked the failed instance, so a logout page that showed or logged it threw
// CORE_RESET out of the handler (no response, no expiring cookie), as get() did. The cookie storage reads the ID
// only when asked; Remix v3's format carries a real one.
for (const [name, make] of [
  ['cookie', () => createCookieSessionStorage({ cookie })],
  ['cookie, remix-v3 format', () => createCookieSessionStorage({ cookie, format: 'remix-v3' })],
]) {
  describe(`${name}: session.id of a destroyed session whose instance failed`, () => {
    it('a logout page that shows session.id, the instance failed before destroy(): answered, the cookie expired', async () => {
      const storage = make();
      const signIn = await storage.getSession(null);
      signIn.set('user', 'ann');
      const header = cookiePair(await storage.commitSession(signIn));
      const handler = withSession(storage, async (request, { session }) => {
        await breakTheInstanceWithAStackOverflow();
        session.destroy();
        return new Response(`ended session "${session.id}"`);
      });
      const response = await handler(new Request('https://x/logout', { method: 'POST', headers: { Cookie: header } }));
      assert.equal(response.status, 200, await response.clone().text());
      assert.match(response.headers.get('set-cookie') ?? '', /Max-Age=0/);
    });

    it('destroyed while its instance was sound: the ID it had, after the instance failed too', async () => {
      const storage = make();
      const signIn = await storage.getSession(null);
      signIn.set('user', 'ann');
      const session = await storage.getSession(cookiePair(await storage.commitSession(signIn)));
      const sound = await storage.getSession(cookiePair(await storage.commitSession(signIn)));
      const id = sound.id;
      session.destroy();
      await breakTheInstanceWithAStackOverflow();
      assert.equal(session.id, id);
      assert.equal(session.deleteId, undefined);
    });
  });
}

// Regression (review): destroy() kept deleteId, and a commit that deleted the old record after the destroy() (the
// core then forgets it) still showed it. The core is asked first; the kept one serves only a failed instance.
it('deleteId of a sound instance is the core\'s, after a commit that landed after destroy()', async () => {
  const storage = createMemorySessionStorage({ cookie });
  const seed = await storage.getSession(null);
  seed.set('user', 'ann');
  const session = await storage.getSession(cookiePair(await storage.commitSession(seed)));
  session.regenerateId(true);
  const commit = storage.commitSession(session); // not awaited: the destroy() comes first
  session.destroy();
  await commit; // deleted the old record, and the core forgot deleteId
  assert.equal(session.deleteId, undefined);
});


// Regression (review): deleteId asked the core, which restored the released destroyed session into WebAssembly
// memory; one wider than a core call (its incoming flash counts toward no limit) threw VALUE_TOO_LARGE.
it('deleteId after destroySession of a session wider than one core call answers without the core', async () => {
  const storage = createMemorySessionStorage({ cookie });
  const first = await storage.getSession(null);
  for (let i = 0; i < 2; i++) first.set(`a${i}`, 'x'.repeat(120 * 1024));
  for (let i = 0; i < 2; i++) first.flash(`f${i}`, 'y'.repeat(120 * 1024));
  const page = await storage.getSession(cookiePair(await storage.commitSession(first)));
  for (let i = 2; i < 4; i++) page.set(`a${i}`, 'x'.repeat(120 * 1024));
  await storage.destroySession(page);
  assert.equal(page.deleteId, undefined);
});
