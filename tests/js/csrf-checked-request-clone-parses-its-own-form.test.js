// README, CSRF: a form that fits "reaches the handler as a `Request` that reads the same bytes again from memory:
// `formData()`, ..., `clone()`". The check hands its parsed form to the first formData() call, so a clone's formData()
// must parse its own: two reads of a Request's body are two FormData objects, and a change to one (a handler that
// deletes `_csrf` before passing the form on) is not seen through the other. Mutation pass (s46): the check's form
// handed to every formData() call (formOnce not forgetting it) went unnoticed; the clone got the first read's object.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';

it("a clone of the checked request parses its own form: a change to the original's form is not seen in the clone's", async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const app = withSession(storage, async (request, { session }) => {
    if (request.method === 'GET') return new Response(csrfToken(session));
    const copy = request.clone();
    const form = await request.formData();
    form.delete('_csrf');
    form.set('note', 'changed');
    const copied = await copy.formData();
    assert.notEqual(copied, form);
    return Response.json({ note: copied.get('note'), token: copied.has('_csrf'), original: form.get('note') });
  }, { csrf: true });
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const headers = { Cookie: page.headers.getSetCookie()[0].split(';')[0], Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' };
  for (const body of [new URLSearchParams({ _csrf: token, note: 'hi' }), (() => { const form = new FormData(); form.set('_csrf', token); form.set('note', 'hi'); return form; })()]) {
    const response = await app(new Request(`${ORIGIN}/notes`, { method: 'POST', headers, body }));
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { note: 'hi', token: true, original: 'changed' });
  }
});
