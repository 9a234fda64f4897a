// Regression (audit): a maxAge so negative that now + maxAge lies before what a Date holds (-1e13 s,
// -Number.MAX_SAFE_INTEGER) made an invalid Date, which the server-side stores read as "no end" (meant for a maxAge
// past the other end): the Set-Cookie told the browser to drop the cookie, and the record was kept and served for
// good to a copy of it. It now ends at once everywhere, as the cookie storage always did.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { mockClock, removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

after(removeStoreDirs);

describe('a maxAge before the range of Date', () => {
  for (const maxAge of [-1e13, -Number.MAX_SAFE_INTEGER]) {
    for (const where of ['cookie', 'commit']) {
      for (const name of Object.keys(STORAGES)) {
        it(`${name}: maxAge ${maxAge} on the ${where} ends the session, as its Max-Age says`, async () => {
          const clock = mockClock();
          try {
            const storage = STORAGES[name]({ cookie: { secrets: [SECRET], ...(where === 'cookie' ? { maxAge } : {}) } });
            const session = await storage.getSession(null);
            session.set('user', 'ada');
            const header = await storage.commitSession(session, where === 'commit' ? { maxAge } : undefined);
            assert.match(header, /Max-Age=-\d+/, 'the browser is told to drop it now');
            clock.advance(1000);
            assert.equal((await storage.getSession(cookiePair(header))).get('user'), undefined, 'replayed a second later');
            clock.advance(365 * 86400 * 1000);
            assert.equal((await storage.getSession(cookiePair(header))).get('user'), undefined, 'replayed a year later');
          } finally {
            clock.restore();
          }
        });
      }
    }
  }

  for (const name of ['cookie', 'memory']) {
    it(`${name}: a Remix v3 save() under maxAge -1e13 is not read back`, async () => {
      const clock = mockClock();
      try {
        const cookie = { secrets: [SECRET], maxAge: -1e13 };
        const storage = STORAGES[name](name === 'cookie' ? { cookie, format: 'remix-v3' } : { cookie });
        const session = await storage.read(null);
        session.set('user', 'ada');
        const value = await storage.save(session);
        clock.advance(365 * 86400 * 1000);
        assert.equal((await storage.read(value)).get('user'), undefined);
      } finally {
        clock.restore();
      }
    });
  }
});
