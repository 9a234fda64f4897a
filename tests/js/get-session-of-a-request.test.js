// Found by the developer-misuse pass: getSession(request) (or request.headers) instead of
// getSession(request.headers.get('Cookie')) read as "no cookie" without a word, on every storage and in
// createCookie().parse: every request got a fresh empty session, so a sign-in never held, and nothing said why.
// React Router's storages fail there too (on a bare `str.indexOf is not a function`); here the TypeError names the
// mistake. A string, null and undefined (no Cookie header) are read as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';

const SECRET = 'get-session-of-a-request-secret-0123456789';
const namesTheHeader = (error) => error instanceof TypeError && /request\.headers\.get\('Cookie'\)/.test(error.message);

describe('a Request or Headers handed where the Cookie header goes', () => {
  for (const [name, make] of [
    ['createCookieSessionStorage', () => createCookieSessionStorage({ cookie: { secrets: [SECRET] } })],
    ['createMemorySessionStorage', () => createMemorySessionStorage({ cookie: { secrets: [SECRET] } })],
  ]) {
    it(`${name}: getSession(request) is a TypeError naming the Cookie header, not a silent fresh session`, async () => {
      const storage = make();
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const cookie = (await storage.commitSession(session)).split(';')[0];
      const request = new Request('https://app.example/', { headers: { Cookie: cookie } });
      assert.equal((await storage.getSession(request.headers.get('Cookie'))).get('user'), 'ada', 'the header itself reads');
      await assert.rejects(storage.getSession(request), namesTheHeader);
      await assert.rejects(storage.getSession(request.headers), namesTheHeader);
      assert.equal((await storage.getSession(undefined)).get('user'), undefined, 'no header: a fresh session');
    });
  }

  it('createCookie().parse(request) is a TypeError too', async () => {
    const cookie = createCookie('prefs', { secrets: [SECRET] });
    const request = new Request('https://app.example/', { headers: { Cookie: (await cookie.serialize({ theme: 'dark' })).split(';')[0] } });
    assert.deepEqual(await cookie.parse(request.headers.get('Cookie')), { theme: 'dark' });
    await assert.rejects(cookie.parse(request), namesTheHeader);
  });
});
