// README, CSRF: a form over `maxBodyBytes` with its `_csrf` first passes and "the handler then streams the whole
// body". That stream is the upload's own: a handler that stops reading it (a file over its quota, a bad header line)
// and cancels it cancels the upload, as it would without the check, rather than leaving the rest arriving unread.
// Mutation pass (s47): the streamed request's cancel not passed on to the rest of the body went unnoticed; the
// upload went on after its handler had refused it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { endlessForm } from '../helpers/endless-form.js';

const ORIGIN = 'https://app.example';

it('a large form whose handler cancels its body, after its _csrf passed, has its upload cancelled', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  let read = 0;
  const app = withSession(storage, async (request, { session }) => {
    if (request.method === 'GET') return new Response(csrfToken(session));
    const reader = request.body.getReader();
    read += (await reader.read()).value.byteLength;
    read += (await reader.read()).value.byteLength; // past what the check read: the rest of the upload
    await reader.cancel('over quota');
    return new Response('too big for your quota', { status: 400 });
  }, { csrf: { maxBodyBytes: 100 } });
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const headers = {
    Cookie: page.headers.getSetCookie()[0].split(';')[0],
    Origin: ORIGIN,
    'Sec-Fetch-Site': 'same-origin',
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  const upload = endlessForm(`_csrf=${token}&file=${'x'.repeat(200)}`);
  const response = await app(new Request(`${ORIGIN}/upload`, { method: 'POST', headers, body: upload.stream, duplex: 'half' }));
  assert.equal(response.status, 400);
  assert.ok(read > 200, 'the handler read past the check');
  assert.ok(upload.cancelled, 'the upload was cancelled');
});
