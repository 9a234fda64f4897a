// A logout whose session's instance failed (a stack overflow inside it, not merely dropped) while its request ran
// ends it whole: records and listing deleted, the handler's response with the cookie expired. Regression (review):
// the records were deleted, then marking the session destroyed and releasing it called the failed instance again
// (CORE_RESET): destroySession rejected, and withSession answered 500 with no expiring cookie.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSessionStorage, withSession } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';
import { breakTheInstanceWithAStackOverflow } from './broken-core.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

for (const [name, make] of [
  ['memory + userKey', () => createMemorySessionStorage({ cookie, userKey: 'user' })],
  ['callbacks + userKey', () => createSessionStorage({ cookie, userKey: 'user', ...callbacksOf(mapBackend()) })],
  ['memory', () => createMemorySessionStorage({ cookie })],
]) {
  describe(`${name}: logout under withSession, the instance failed after destroy()`, () => {
    it('answers the handler\'s response with the cookie expired, the record and listing gone', async () => {
      const storage = make();
      const signIn = await storage.getSession(null);
      signIn.set('user', 'ann');
      const header = cookiePair(await storage.commitSession(signIn));
      const handler = withSession(storage, async (request, { session }) => {
        session.destroy();
        await breakTheInstanceWithAStackOverflow(); // another request's trap, meanwhile
        return new Response('bye');
      });
      const response = await handler(new Request('https://x/logout', { method: 'POST', headers: { Cookie: header } }));
      const body = await response.text();
      const gone = (await storage.getSession(header)).get('user') === undefined;
      assert.ok(gone, 'the old cookie still opens the session');
      if (name.includes('userKey')) assert.deepEqual(await storage.listUserSessions('ann'), [], 'still listed');
      assert.equal(response.status, 200, `status ${response.status}: ${body}`);
      assert.match(response.headers.get('set-cookie') ?? '', /Max-Age=0|Expires=Thu, 01 Jan 1970/, 'the cookie expired');
    });

    it('destroySession by hand resolves to an expiring cookie (no CORE_RESET after deleting)', async () => {
      const storage = make();
      const signIn = await storage.getSession(null);
      signIn.set('user', 'ann');
      const header = cookiePair(await storage.commitSession(signIn));
      const session = await storage.getSession(header);
      session.destroy();
      await breakTheInstanceWithAStackOverflow();
      let outcome;
      try { outcome = await storage.destroySession(session); } catch (error) { outcome = error; }
      assert.equal((await storage.getSession(header)).get('user'), undefined, 'the old cookie still opens the session');
      assert.equal(typeof outcome, 'string', `destroySession rejected after deleting: ${outcome}`);
    });
  });
}
