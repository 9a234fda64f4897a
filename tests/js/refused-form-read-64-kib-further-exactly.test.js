// README, CSRF: "A refused form (413, or 403 of one past the bound) is read up to 64 KiB further and dropped before
// the answer goes out, and the rest is cancelled." The existing test bounded what an endless body had pulled from
// above only, in 64-byte chunks, so a discard of less than 64 KiB, or of a chunk more, passed it (mutation pass).
// Here the body comes from a stream that pulls only when read (highWaterMark 0), so what it gave is exactly what the
// check read: the bound (and the chunk past it), then a chunk one byte short of 64 KiB and single bytes after it, so
// that a discard a byte short or a read long shows; and the rest is cancelled.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { DISCARDED, endlessForm } from '../helpers/endless-form.js';

const ORIGIN = 'https://app.example';
const MAX_BODY_BYTES = 100;

function app() {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], httpOnly: true } });
  return withSession(storage, async (request, { session }) => (request.method === 'GET' ? new Response(csrfToken(session)) : new Response('ran')), {
    csrf: { maxBodyBytes: MAX_BODY_BYTES },
  });
}

describe('A refused streamed form is read exactly 64 KiB past what the check read, then cancelled', () => {
  const cases = {
    // No token in the first maxBodyBytes bytes: 413 Content Too Large.
    '413, no token within the bound': () => ({ status: 413, first: 'x='.padEnd(MAX_BODY_BYTES + 1, 'y') }),
    // A wrong token within the bound: 403, the body past it dropped as the 413's is.
    '403, a wrong token within the bound': (token) => ({ status: 403, first: `_csrf=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}&x=`.padEnd(MAX_BODY_BYTES + 1, 'y') }),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, async () => {
      const fetch = app();
      const form = await fetch(new Request(`${ORIGIN}/form`));
      const cookie = form.headers.getSetCookie()[0].split(';')[0];
      const { status, first } = make(await form.text());
      const body = endlessForm(first);
      const headers = { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' };
      const response = await fetch(new Request(`${ORIGIN}/`, { method: 'POST', headers, body: body.stream, duplex: 'half' }));
      assert.equal(response.status, status, await response.clone().text());
      assert.notEqual(await response.text(), 'ran');
      assert.equal(body.pulled, first.length + DISCARDED, 'the bound and the chunk past it, then 64 KiB exactly');
      assert.ok(body.cancelled, 'the rest is cancelled');
    });
  }
});
