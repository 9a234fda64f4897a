// README, CSRF: a form over `maxBodyBytes` with its `_csrf` first passes and "the handler then streams the whole
// body". That stream is the upload's own: a handler that stops reading it (a file over its quota, a bad header line)
// and cancels it cancels the upload, as it would without the check, rather than leaving the rest arriving unread.
// Mutation pass (s47): the streamed request's cancel not passed on to the rest of the body went unnoticed; the
// upload went on after its handler had refused it.
// React Router's middleware checks a clone (keepBody), whose tee cancels its source only once both branches are: the
// check's copy is cancelled once its token passes (csrf.js keptBody). Mutation pass (s51): checkForm not calling
// keptBody, and keptBody cancelling nothing, went unnoticed (the withSession case reads no clone): the action's
// cancel reached only its branch, and a tee's branch cancel settles once both are, so the action hung on it (the
// test ends cancelled, its promise pending) and the upload went on.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/react-router';
import { endlessForm } from '../helpers/endless-form.js';
import { tokenIndexApp } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'https://app.example';
const CSRF = { csrf: { maxBodyBytes: 100 } };

/** The two ways in: GET / answers a token, a POST runs `refuse`. `settles`: a cancel reaches the source through a tee. */
const apps = {
  withSession: (storage, refuse) => ({
    app: withSession(storage, async (request, { session }) => (request.method === 'GET' ? new Response(csrfToken(session)) : refuse(request)), CSRF),
    settles: false,
  }),
  'React Router': (storage, refuse) => ({ app: tokenIndexApp(sessionMiddleware(storage, CSRF), ({ request }) => refuse(request)), settles: true }),
};

for (const [name, appOf] of Object.entries(apps)) {
  it(`${name}: a large form whose handler cancels its body, after its _csrf passed, has its upload cancelled`, async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
    let read = 0;
    const { app, settles } = appOf(storage, async (request) => {
      const reader = request.body.getReader();
      read += (await reader.read()).value.byteLength;
      read += (await reader.read()).value.byteLength; // past what the check read: the rest of the upload
      await reader.cancel('over quota');
      return new Response('too big for your quota', { status: 400 });
    });
    const page = await app(new Request(`${ORIGIN}/`));
    const token = await page.text();
    const headers = {
      Cookie: page.headers.getSetCookie()[0].split(';')[0],
      Origin: ORIGIN,
      'Sec-Fetch-Site': 'same-origin',
      'Content-Type': 'application/x-www-form-urlencoded',
    };
    const upload = endlessForm(`_csrf=${token}&file=${'x'.repeat(200)}`);
    const response = await app(new Request(`${ORIGIN}/`, { method: 'POST', headers, body: upload.stream, duplex: 'half' }));
    assert.equal(response.status, 400);
    assert.equal(await response.text(), 'too big for your quota');
    assert.ok(read > 200, 'the handler read past the check');
    if (settles) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(upload.cancelled, 'the upload was cancelled');
  });
}
