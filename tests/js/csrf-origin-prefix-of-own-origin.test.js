// README (CSRF, rule 1): without Sec-Fetch-Site (a browser that does not send it), "Origin must be the request URL's
// own origin or a trusted one". Exactly that origin: one that merely begins with it (another port, a longer host
// name under the attacker's control) is another origin. Mutation pass: the check compared no more than a prefix,
// and no test told them apart.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

it('without Sec-Fetch-Site, an Origin that only begins with the request\'s own origin is refused, token or not', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['a-secret-of-thirty-two-characters!!'] } });
  const app = withSession(storage, (request, { session }) => new Response(request.method === 'POST' ? 'posted' : csrfToken(session)), { csrf: true });
  const page = await app(new Request('https://app.example/'));
  const token = await page.text();
  const cookie = page.headers.get('Set-Cookie').split(';')[0];
  const post = (origin) => app(new Request('https://app.example/notes', { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': token, Origin: origin } }));
  for (const origin of ['https://app.example:8443', 'https://app.example.evil.test', 'https://app.examples']) {
    const refused = await post(origin);
    assert.equal(refused.status, 403, origin);
    assert.match(await refused.text(), /is not this site's/, origin);
  }
  assert.equal((await post('https://app.example')).status, 200, 'the request\'s own origin passes');
});
