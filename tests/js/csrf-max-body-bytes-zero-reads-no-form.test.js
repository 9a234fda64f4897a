// README, CSRF: `maxBodyBytes` is how much of a form body the check reads and holds ("at most `maxBodyBytes` of it");
// a form over it whose first `maxBodyBytes` bytes hold no `_csrf` gets the `413`, and the `X-CSRF-Token` header
// "reads no body". The option takes any whole number of bytes, 0 too: an app whose forms all send the header holds
// no form body at all. Mutation pass (s46): 0 refused as a bound (`<= 0`) went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';

it('csrf: { maxBodyBytes: 0 } is taken: the header\'s token passes, a form body carrying its _csrf gets the 413', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const app = withSession(storage, async (request, { session }) => new Response(request.method === 'GET' ? csrfToken(session) : await request.text()), {
    csrf: { maxBodyBytes: 0 },
  });
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const headers = { Cookie: page.headers.getSetCookie()[0].split(';')[0], Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' };
  const byHeader = await app(new Request(`${ORIGIN}/`, { method: 'POST', headers: { ...headers, 'X-CSRF-Token': token }, body: 'note=hi' }));
  assert.equal(byHeader.status, 200);
  assert.equal(await byHeader.text(), 'note=hi', 'the handler reads the body the check left alone');
  const byForm = await app(new Request(`${ORIGIN}/`, { method: 'POST', headers, body: `_csrf=${token}&note=hi` }));
  assert.equal(byForm.status, 413);
});
