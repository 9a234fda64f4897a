// README, Limits of `chunks`: a chunked session is written up to 16384 bytes of Cookie header (its `name=value`
// pairs and the "; " between them) and, Partitioned, up to 10240 bytes of names and values; one byte past either
// is refused with CookieTooLargeError stating the size and the limit, nothing written. The existing tests went well
// past the budgets (17,000 and 9,000 bytes of data), so a budget one byte off, `>=` for `>`, or a separator
// miscounted passed them (mutation pass). Sealed values (base64url, no escapes) step by one or two bytes, and over a
// few cookie names both the exact budget and one past it are met.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, CookieTooLargeError } from 'edge-session';

/** What a browser sends of `headers` in its Cookie header: `name=value` pairs, "; " between. */
const cookieHeaderBytes = (headers) => headers.map((header) => header.slice(0, header.indexOf(';'))).join('; ').length;
/** What Chromium counts against a partition: each cookie's name and value. */
const namesAndValues = (headers) => headers.reduce((sum, header) => sum + header.indexOf(';') - 1, 0);

const budgets = [
  { rule: '16384 bytes of Cookie header', limit: 16384, partitioned: false, measure: cookieHeaderBytes, lengths: [12100, 12230] },
  { rule: '10240 bytes of names and values, Partitioned', limit: 10240, partitioned: true, measure: namesAndValues, lengths: [7540, 7640] },
];

describe('A chunked session\'s budgets hold at their exact bytes', () => {
  for (const { rule, limit, partitioned, measure, lengths } of budgets) {
    it(`${rule}: a session of exactly ${limit} is written, one of ${limit + 1} refused stating both`, async () => {
      const written = new Set();
      const refused = new Set();
      for (const name of ['__Host-session', '__Host-sessio', '__Host-sess']) {
        const storage = createCookieSessionStorage({
          cookie: { name, secrets: ['s'.repeat(32)], secure: true, sameSite: 'none', partitioned, path: '/' },
          chunks: 16,
          encrypt: true,
        });
        for (let length = lengths[0]; length <= lengths[1]; length++) {
          const session = await storage.getSession(null);
          session.set('notes', 'a'.repeat(length));
          const outcome = await storage.commitSessionHeaders(session).then(
            (headers) => ({ headers }),
            (error) => ({ error }),
          );
          if (outcome.headers) {
            const bytes = measure(outcome.headers);
            assert.ok(bytes <= limit, `${name}: ${bytes} bytes written`);
            written.add(bytes);
            continue;
          }
          const { error } = outcome;
          assert.ok(error instanceof CookieTooLargeError, String(error));
          assert.equal(error.code, 'COOKIE_TOO_LARGE');
          assert.equal(error.limit, limit, error.message);
          assert.ok(error.size > limit, error.message);
          assert.ok(error.message.includes(`${error.size} bytes`) && error.message.includes(`${limit} bytes`), error.message);
          refused.add(error.size);
        }
      }
      assert.ok(written.has(limit), `no session of exactly ${limit} bytes written; largest ${Math.max(...written)}`);
      assert.ok(refused.has(limit + 1), `no session of ${limit + 1} bytes refused; smallest ${Math.min(...refused)}`);
    });
  }
});
