// README, CSRF: "A session without a secret ... accepts no token: its form (a client's with no cookie) is read as far
// as a refused one is and dropped", and "A refused form (413, or 403 of one past the bound) is read up to 64 KiB
// further and dropped before the answer goes out, and the rest is cancelled". The tests of that reading post with a
// session's cookie; a post with none takes its own branch (js/csrf.js formTokenOf, no secret), whose discard went
// untested. Mutation pass (s46): that branch's discardBody(read.rest) left out went unnoticed; the 403 went out with
// the upload still arriving and never cancelled, which a server that then closes answers with a reset. And the 403
// says "wrong" when the bytes read hold a `_csrf` field, "missing" when not: the field searched for in the bound's
// bytes only when the whole body fit went unnoticed too (every such upload told "missing").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { DISCARDED, endlessForm } from '../helpers/endless-form.js';

const ORIGIN = 'https://app.example';
const MAX_BODY_BYTES = 100;

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
const app = withSession(storage, () => new Response('ran'), { csrf: { maxBodyBytes: MAX_BODY_BYTES } });

describe('A cookie-less form past maxBodyBytes is read exactly 64 KiB further, then cancelled, before its 403', () => {
  const cases = {
    'a token of no session within the bound': [`_csrf=${'A'.repeat(86)}&x=`.padEnd(MAX_BODY_BYTES + 1, 'y'), /^Forbidden: wrong CSRF token/],
    'no token within the bound': ['x='.padEnd(MAX_BODY_BYTES + 1, 'y'), /^Forbidden: missing CSRF token/],
  };
  for (const [name, [first, what]] of Object.entries(cases)) {
    it(name, async () => {
      const body = endlessForm(first);
      const headers = { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' };
      const response = await app(new Request(`${ORIGIN}/`, { method: 'POST', headers, body: body.stream, duplex: 'half' }));
      assert.equal(response.status, 403, 'a session without a secret gets the 403, never the 413');
      const text = await response.text();
      assert.match(text, /has no CSRF secret/);
      assert.match(text, what, 'the field looked for in the bytes read, past the bound too');
      assert.equal(body.pulled, first.length + DISCARDED, 'the bound and the chunk past it, then 64 KiB exactly');
      assert.ok(body.cancelled, 'the rest is cancelled');
    });
  }
});
