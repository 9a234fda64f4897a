// A handler that logs out (session.destroy()) and then answers Response.error() (status 0: a proxy's fallback, a
// "network error" for a failed upstream) failed as a 5xx has, and a 5xx after a logout still ends the session in its
// store (README, withSession: "a session it destroyed is still ended in its store"). Response.error() was passed
// through before the logout was looked at: the record stayed, and the cookie the browser (or a thief) holds still
// opened the signed-in session. workerd answers such a return value with a 500 of its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemorySessionStorage, withSession } from 'edge-session';

const cookieOf = (response) => response.headers.getSetCookie().find((h) => h.startsWith('__session='))?.split(';')[0];

async function signedIn(storage) {
  const signIn = withSession(storage, (request, { session }) => {
    session.set('user', 'ada');
    return new Response('in');
  });
  return cookieOf(await signIn(new Request('http://example.test/login'), {}, {}));
}

describe('a logout answered with Response.error()', () => {
  for (const [name, answer] of [['a 500', () => new Response('failed', { status: 500 })], ['Response.error()', () => Response.error()]]) {
    it(`ends the session in its store when the handler destroys it and answers ${name}`, async () => {
      const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-thirty-two-characters!!'] } });
      const cookie = await signedIn(storage);
      assert.equal((await storage.getSession(cookie)).get('user'), 'ada');
      const logout = withSession(storage, (request, { session }) => {
        session.destroy();
        return answer();
      });
      await logout(new Request('http://example.test/logout', { method: 'POST', headers: { Cookie: cookie } }), {}, {});
      const after = await storage.getSession(cookie);
      assert.equal(after.get('user'), undefined, 'the logged-out session still opens from the old cookie');
    });
  }
});
