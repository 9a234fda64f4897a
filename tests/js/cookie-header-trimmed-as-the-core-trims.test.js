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
