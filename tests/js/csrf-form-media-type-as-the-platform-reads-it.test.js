// README, CSRF: a token is read from "the first `_csrf` field of an `application/x-www-form-urlencoded` or
// `multipart/form-data` body (what `formData().get('_csrf')` gives)", and "An OPTIONS or TRACE with a form body is
// checked as a POST". The platform's formData() takes the media type as MIME does (RFC 9110 8.3.1: case-insensitive;
// whitespace may come before a parameter's `;`), so the check must too. Mutation pass (s46), each unnoticed:
// - the media type left untrimmed before its parameters: a form sent as `application/x-www-form-urlencoded ;
//   charset=UTF-8`, whose _csrf formData() reads, got "a body of type ... is not read" (403);
// - an OPTIONS form body recognised in lower case only: an OPTIONS whose `Application/X-WWW-Form-Urlencoded` body
//   an app's own override reads (`_method=DELETE`) passed from another site as an OPTIONS, and ran the DELETE.
// The multipart boundary holds a '.', which no token does: Node's parser fails a part whose value holds its boundary.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

/** An app whose handler overrides a form's method by its `_method` field, as an app's own override would. */
function app() {
  const ran = [];
  const fetch = withSession(storage, async (request, { session }) => {
    if (request.method === 'GET') return new Response(csrfToken(session));
    const form = await request.formData();
    const method = form.get('_method')?.toUpperCase() ?? request.method;
    ran.push(method);
    return new Response(`${method} ran`);
  }, { csrf: true });
  return { fetch, ran };
}

async function sessionOf(fetch) {
  const page = await fetch(new Request(`${ORIGIN}/`));
  return { cookie: page.headers.getSetCookie()[0].split(';')[0], token: await page.text() };
}

describe('the check reads a form body by its media type as formData() does', () => {
  for (const [type, body] of [
    ['application/x-www-form-urlencoded ; charset=UTF-8', (token) => `x=1&_csrf=${token}`],
    ['Application/X-WWW-Form-Urlencoded', (token) => `x=1&_csrf=${token}`],
    ['multipart/form-data ; boundary=b.b', (token) => `--b.b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--b.b--\r\n`],
  ]) {
    it(`a same-origin post of ${type} passes with its _csrf field`, async () => {
      const { fetch, ran } = app();
      const { cookie, token } = await sessionOf(fetch);
      const headers = { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': type };
      const response = await fetch(new Request(`${ORIGIN}/notes`, { method: 'POST', headers, body: body(token) }));
      assert.equal(response.status, 200, await response.clone().text());
      assert.deepEqual(ran, ['POST']);
    });
  }

  for (const type of ['Application/X-WWW-Form-Urlencoded', 'MULTIPART/FORM-DATA; boundary=b.b']) {
    it(`an OPTIONS with a ${type} body from another site is checked as a POST: 403, no handler runs`, async () => {
      const { fetch, ran } = app();
      const { cookie } = await sessionOf(fetch);
      const body = type.startsWith('M') ? '--b.b\r\nContent-Disposition: form-data; name="_method"\r\n\r\nDELETE\r\n--b.b--\r\n' : '_method=DELETE';
      const headers = { Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': type };
      const response = await fetch(new Request(`${ORIGIN}/notes/1`, { method: 'OPTIONS', headers, body }));
      assert.equal(response.status, 403);
      assert.deepEqual(ran, [], 'the DELETE the form names never ran');
    });
  }
});
