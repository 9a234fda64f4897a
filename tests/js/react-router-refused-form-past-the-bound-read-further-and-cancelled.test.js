// README, CSRF: "A refused form (413, or 403 of one past the bound) is read up to 64 KiB further and dropped before
// the answer goes out, and the rest is cancelled: a server that answers while a body is still arriving and then closes
// resets the connection". React Router's middleware reads a clone of the request (it cannot hand its action another
// one), so the body is teed: the check's read, discard and cancel reach only the copy, and the upload itself goes on
// in the branch the action would have read. Regression (s51 CSRF scenario pass): under React Router the rest of a
// refused upload was never cancelled (its 413, its 403s), and one refused for a wrong token past the bound was not
// read further either (its copy's rest cancelled as soon as the token was found); withSession, Hono and Remix's
// tests (tests/js/csrf-no-secret-refused-form-read-64-kib-further.test.js) held.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware } from 'edge-session/react-router';
import { DISCARDED, endlessForm } from '../helpers/endless-form.js';
import { tokenIndexApp } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'https://app.example';
const MAX_BODY_BYTES = 100;

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
let actions = 0;
const handler = tokenIndexApp(sessionMiddleware(storage, { csrf: { maxBodyBytes: MAX_BODY_BYTES } }), () => new Response(String(++actions)));

describe('React Router: a refused form past maxBodyBytes is read 64 KiB further, and its upload cancelled', () => {
  const cases = {
    'a wrong token first, the session holding a secret (403)': [true, `_csrf=${'A'.repeat(86)}&x=`, 403, /^Forbidden: wrong CSRF token/],
    'no token within the bound (413)': [true, 'x=', 413, /^Content Too Large/],
    'no cookie, so no secret (403)': [false, 'x=', 403, /has no CSRF secret/],
  };
  for (const [name, [withCookie, start, status, what]] of Object.entries(cases)) {
    it(name, async () => {
      const page = await handler(new Request(`${ORIGIN}/`));
      const cookie = page.headers.getSetCookie()[0].split(';')[0];
      const first = start.padEnd(MAX_BODY_BYTES + 1, 'y');
      const body = endlessForm(first);
      const headers = { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded', ...(withCookie ? { Cookie: cookie } : {}) };
      const response = await handler(new Request(`${ORIGIN}/`, { method: 'POST', headers, body: body.stream, duplex: 'half' }));
      assert.equal(response.status, status);
      assert.match(await response.text(), what);
      // The tee behind the clone pulls a chunk ahead for its branches (their high-water mark is one chunk): a byte more.
      const further = body.pulled - first.length;
      assert.ok(further >= DISCARDED && further <= DISCARDED + 1, `read ${further} bytes past the bound`);
      await new Promise((resolve) => setImmediate(resolve)); // a cancel reaches the source through the tee
      assert.ok(body.cancelled, 'the rest of the upload is cancelled');
      assert.equal(actions, 0, 'no action ran');
    });
  }
});
