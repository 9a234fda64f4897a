// max-age-null-beside-commit-options-record-expiry.test.js's mirror: a storage's cookie with `maxAge: 100` and
// `expires: null` (no Expires, README: an option given as null is not set) ends its sessions at the Max-Age, and a
// commit's options that set no expires (`{ httpOnly: true }`) keep it so. The commit's end is reckoned from the
// cookie's own expires when its options leave it out (js/id-storage.js expiresFor), and Cookie's
// [cookieExpiresOption] gives undefined for null.
// Mutation pass (s48): that getter giving null as given went unnoticed; null beside the Max-Age was taken for the
// earlier end, no end at all, and every server-side record outlived its cookie (a copied cookie replayed past its
// Max-Age still signed in). A commit without options ends at the cookie's own end, its `expires` (README,
// createCookie: now + maxAge, the earlier of the two when both are set), which takes null as none too.
// Mutation pass (s48): that getter handing on expires: null beside the maxAge went unnoticed; cookie.expires was
// null, and a record committed without options (withSession's commits) had no end.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createCookie } from 'edge-session';
import { mockClock, removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

after(removeStoreDirs);

describe('a commit beside a cookie with maxAge and expires: null', () => {
  it("the cookie's expires is now + maxAge", () => {
    const realNow = Date.now;
    Date.now = () => Date.UTC(2031, 0, 1); // held still: the getter and the assertion read the same now
    try {
      assert.equal(createCookie('c', { maxAge: 100, expires: null }).expires?.getTime(), Date.UTC(2031, 0, 1) + 100_000);
    } finally {
      Date.now = realNow;
    }
  });

  for (const [name, make] of Object.entries(STORAGES)) for (const options of [{ httpOnly: true }, undefined]) {
    it(`${name}: the session committed with ${options ? '{ httpOnly: true }' : 'no options'} ends at the Max-Age`, async () => {
      const clock = mockClock();
      try {
        const storage = make({ cookie: { name: '__session', secrets: [SECRET], maxAge: 100, expires: null } });
        const session = await storage.getSession(null);
        session.set('user', 'ada');
        const header = await storage.commitSession(session, options);
        assert.match(header, /Max-Age=100;/);
        assert.doesNotMatch(header, /Expires/i);
        clock.advance(99_000); // a second's margin: real time passes too (file I/O)
        assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada', 'before its Max-Age');
        clock.advance(1000);
        assert.equal((await storage.getSession(cookiePair(header))).get('user'), undefined, 'at its Max-Age');
      } finally {
        clock.restore();
      }
    });
  }
});
