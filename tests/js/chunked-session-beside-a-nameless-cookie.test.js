// README, Security model: a sibling host can set cookies the session's own are sent beside, and a `chunks` session's
// cookies are read "as the core reads them". A nameless cookie (`Set-Cookie: __session.1x`, no "=") is sent as its
// value alone, and RFC 6265 5.2 (src/cookie.cpp find_raw_cookie) skips a pair without "=": it names no cookie, so
// it cannot stand in for the session's cookie or one of its chunks, wherever it comes. Mutation pass (s47):
// cookiePairs reading a part without "=" (its text less a character as the name) went unnoticed; `__session.1x`
// sent first was read as chunk `__session.1`, `__sessionX` as the cookie itself, and the user was signed out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };

it('a chunked session, in one cookie or three, reads whatever nameless cookie spelling its names comes first', async () => {
  const storage = createCookieSessionStorage({ cookie, chunks: 3 });
  for (const size of [10, 6000]) {
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    session.set('notes', 'n'.repeat(size));
    const pairs = (await storage.commitSessionHeaders(session)).map((header) => header.split(';')[0]);
    assert.equal(pairs.length > 1, size > 10);
    for (const nameless of ['__sessionX', '__session.1x', '__session.2x', '__session.10']) {
      const read = await storage.getSession(`${nameless}; ${pairs.join('; ')}`);
      assert.equal(read.get('userId'), 'ada', `${nameless} before ${pairs.length} cookie(s)`);
    }
  }
});
