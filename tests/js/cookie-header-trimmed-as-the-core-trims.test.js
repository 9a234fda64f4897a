// Regression (adversarial pass over the fixes of 2026-12-05); as found, before the fix:
// cookieHeaderFor (js/cookie-header.js) matches a pair's name after String.prototype.trim(), which strips every
// Unicode space and line terminator (\v, \f, U+00A0, U+FEFF ...), and hands the core the pair trimmed so; the core
// (src/cookie.cpp is_cookie_space) and RFC 6265 5.4 trim only SP and HTAB. So a pair "\v__session=..." (a header
// value may carry \v, \f and obs-text bytes) is no session cookie in a header of 64 KiB or less, but IS the session
// cookie once other cookies crowd the header past 64 KiB, and being first it wins over the browser's real one.
// One header, two readings, by its length alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };
const crowd = Array.from({ length: 17 }, (_, i) => `other${i}=${'v'.repeat(4000)}`);

for (const [label, make] of [['cookie storage', createCookieSessionStorage], ['memory storage', createMemorySessionStorage]]) {
  describe(`${label}: a pair whose name is the cookie's only after a Unicode trim reads alike at any length`, () => {
    for (const [what, junk] of [['\\v', '\v'], ['\\f', '\f'], ['U+00A0', '\u00a0'], ['U+FEFF', '\ufeff']]) {
      it(`"${what}__session=<another session>" ahead of the real cookie`, async () => {
        const storage = make({ cookie });
        const signIn = async (user) => {
          const session = await storage.getSession(null);
          session.set('userId', user);
          return (await storage.commitSession(session)).split(';')[0];
        };
        const planted = `${junk}${await signIn('mallory')}`;
        const own = await signIn('ada');
        const short = [planted, own].join('; ');
        const long = [...crowd, planted, own].join('; ');
        assert.ok(long.length > 64 * 1024);
        assert.equal((await storage.getSession(short)).get('userId'), 'ada', 'short header');
        assert.equal((await storage.getSession(long)).get('userId'), 'ada', 'crowded header: read as the short one is');
      });
    }
  });
}

// The other half of the rule: what the core does trim (SP and HTAB, around names and values) is trimmed here too.
// Mutation pass: with HTAB, or the end of a name, left untrimmed, a pair set off by tabs read in a short header and
// was no session cookie once crowded past 64 KiB, and a chunked session's chunks (read here at any length) were none.
for (const [label, make, chunks] of [['cookie storage', createCookieSessionStorage, 1], ['memory storage', createMemorySessionStorage, 1], ['cookie storage, chunks: 5', createCookieSessionStorage, 5]]) {
  it(`${label}: pairs set off by tabs, around "=" too, read alike at any length, as the core trims HTAB`, async () => {
    const storage = make({ cookie, ...(chunks > 1 ? { chunks } : {}) });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    if (chunks > 1) session.set('notes', 'n'.repeat(9_000));
    const headers = chunks > 1 ? await storage.commitSessionHeaders(session) : [await storage.commitSession(session)];
    const pairs = headers.map((header) => header.split(';')[0]);
    assert.equal(pairs.length > 1, chunks > 1);
    const tabbed = pairs.map((pair) => `\t${pair.replace('=', '\t=\t')}\t`).join(';');
    assert.equal((await storage.getSession(tabbed)).get('userId'), 'ada', 'short header');
    const long = [...crowd, tabbed].join('; ');
    assert.ok(long.length > 64 * 1024);
    assert.equal((await storage.getSession(long)).get('userId'), 'ada', 'crowded header');
  });
}
