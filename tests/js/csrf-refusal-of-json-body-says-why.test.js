// React Router's client submits `useSubmit` / `fetcher.submit(data, { encType: 'application/json' | 'text/plain' })`
// as a `.data` POST carrying only its Content-Type: the app adds no header, and the csrf check reads `_csrf` from
// form bodies only (issue 14: the form field or the X-CSRF-Token header). Regression (frameworks pass): such a
// submission's 403 told the app to send the `_csrf` field, which its JSON did carry. It now says why it was not read
// and what passes; the same submission form-encoded reaches the action.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
const handler = createRequestHandler(reactRouterBuild({
  root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage, { csrf: true })] } },
  'routes/token': { id: 'routes/token', parentId: 'root', path: 'token', module: { loader: tokenLoader } },
  'routes/save': { id: 'routes/save', parentId: 'root', path: 'save', module: { default: () => null, action: async ({ request }) => ({ saved: (await request.formData()).get('n') }) } },
}));

async function submit(contentType, body) {
  const page = await handler(new Request('https://app.test/token'));
  const token = await page.text();
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  const headers = { Cookie: cookie, Origin: 'https://app.test', 'Sec-Fetch-Site': 'same-origin', 'Content-Type': contentType };
  return handler(new Request('https://app.test/save.data', { method: 'POST', headers, body: body(token) }));
}

describe("csrf and React Router's submissions by encType", () => {
  for (const [type, body] of [
    ['application/json', (token) => JSON.stringify({ n: '1', _csrf: token })],
    ['text/plain;charset=UTF-8', (token) => `n=1\n_csrf=${token}`],
  ]) {
    it(`a ${type} submission is refused with a 403 that says its body is not read and what passes`, async () => {
      const refused = await submit(type, body);
      assert.equal(refused.status, 403);
      const text = await refused.text();
      assert.match(text, /^Forbidden: missing CSRF token/);
      assert.ok(text.includes(`a body of type ${type.split(';')[0]} is not read`), text);
      assert.ok(text.includes('X-CSRF-Token') && text.includes('form-encoded'), text);
    });
  }

  it('the same submission form-encoded (React Router\'s default encType) reaches the action', async () => {
    const passed = await submit('application/x-www-form-urlencoded', (token) => new URLSearchParams({ n: '1', _csrf: token }).toString());
    assert.equal(passed.status, 200, await passed.clone().text());
  });

  it('a media type quoted in the 403 is cut at 100 characters (the client chose it)', async () => {
    const refused = await submit(`application/${'x'.repeat(500)}`, () => '{}');
    const text = await refused.text();
    assert.equal(refused.status, 403);
    assert.ok(text.length < 600, text.length);
  });
});
