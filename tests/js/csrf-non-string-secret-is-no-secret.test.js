// README, CSRF: the secret is stored "under the key `__csrf` (leave it to `csrfToken`: a value of yours there is
// replaced)", and "A session without a secret ... accepts no token: its form ... is read as far as a refused one is
// and dropped, never parsed", its 403 saying the session has no CSRF secret. A value of the app's there that is no
// string (a number, an object) is no secret: the post is refused as one to a session without any. Mutation pass
// (s46): csrfSecretOf handing on whatever sits under `__csrf` went unnoticed; such a session's forms were parsed and
// refused as "not this session's" token.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';

it("a session whose __csrf holds the app's non-string value refuses a post as having no CSRF secret", async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const app = withSession(storage, (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/token') return new Response(csrfToken(session));
    if (pathname === '/mine') {
      session.set('__csrf', JSON.parse(new URL(request.url).searchParams.get('value')));
      return new Response('set');
    }
    return new Response('posted');
  }, { csrf: true });
  const token = await (await app(new Request(`${ORIGIN}/token`))).text(); // another session's token, well formed
  for (const value of ['42', '{"secret":true}', '["a"]']) {
    const mine = await app(new Request(`${ORIGIN}/mine?value=${encodeURIComponent(value)}`));
    const headers = { Cookie: mine.headers.getSetCookie()[0].split(';')[0], Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' };
    for (const request of [
      new Request(`${ORIGIN}/notes`, { method: 'POST', headers, body: new URLSearchParams({ _csrf: token }) }),
      new Request(`${ORIGIN}/notes`, { method: 'POST', headers: { ...headers, 'X-CSRF-Token': token } }),
    ]) {
      const refused = await app(request);
      assert.equal(refused.status, 403, value);
      assert.match(await refused.text(), /has no CSRF secret/, value);
    }
  }
});
