// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), arrayBuffer(), json(), blob(), body, clone()", each as on any Request, where a body
// once read is used: blob() then rejects and clone() throws (Fetch: "body already used"), so a handler's clone
// taken too late fails there, as it would without the check. Mutation pass (s47): blob() without its own
// once-only take, and clone() of a used body allowed, each went unnoticed; a used body was read again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';
const TYPE = 'application/x-www-form-urlencoded';

it('after the checked Request is read, its blob() rejects and its clone() throws, as on the received Request', async () => {
  const seen = [];
  const app = withSession(
    createCookieSessionStorage({ cookie: { secrets: ['a-secret-of-thirty-two-characters!!'] } }),
    async (request, { session }) => {
      if (request.method === 'GET') return new Response(csrfToken(session));
      await request.text();
      seen.push({
        used: request.bodyUsed,
        blob: await request.blob().then(() => 'read again', (error) => error.name),
        clone: (() => {
          try {
            request.clone();
            return 'cloned';
          } catch (error) {
            return error.name;
          }
        })(),
      });
      return new Response('ok');
    },
    { csrf: true },
  );
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const cookie = page.headers.get('Set-Cookie').split(';')[0];
  const response = await app(new Request(`${ORIGIN}/notes`, { method: 'POST', headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': TYPE }, body: `note=hi&_csrf=${token}` }));
  assert.equal(response.status, 200);
  // The received Request itself, read: what the checked one must do alike.
  const received = new Request(`${ORIGIN}/notes`, { method: 'POST', body: 'note=hi' });
  await received.text();
  await assert.rejects(received.blob(), TypeError);
  assert.throws(() => received.clone(), TypeError);
  assert.deepEqual(seen, [{ used: true, blob: 'TypeError', clone: 'TypeError' }]);
});
