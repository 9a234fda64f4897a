// Regression (audit): commitSession(session, { expires }) on a storage whose cookie has a maxAge sends both the
// cookie's Max-Age and the commit's Expires. The cookie storage served the session until Max-Age (the browser keeps
// the cookie by it, RFC 6265 5.3), the server-side records ended at Expires, even one later than Max-Age: one
// option pair, two lifetimes. Every storage now ends it at the earlier of the two (the app asked for an end at
// Expires; the browser drops the cookie at Max-Age); a commit that resets maxAge ends at its own expires.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { mockClock, removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

after(removeStoreDirs);

/** Whether the session committed with `options()` (cookie maxAge 100) is still served `afterMs` later. */
async function servedAfter(name, options, afterMs) {
  const clock = mockClock();
  try {
    const storage = STORAGES[name]({ cookie: { secrets: [SECRET], maxAge: 100 } });
    const session = await storage.getSession(null);
    session.set('user', 'ada');
    const header = await storage.commitSession(session, options());
    clock.advance(afterMs);
    return { header, served: (await storage.getSession(cookiePair(header))).get('user') === 'ada' };
  } finally {
    clock.restore();
  }
}

const inSeconds = (seconds) => () => ({ expires: new Date(Date.now() + seconds * 1000) });

describe("a commit's expires beside the cookie's maxAge", () => {
  for (const name of Object.keys(STORAGES)) {
    it(`${name}: an Expires before the Max-Age ends the session there, on every storage`, async () => {
      const early = await servedAfter(name, inSeconds(10), 9_000); // a second's margin: real time passes too (file I/O)
      assert.match(early.header, /Max-Age=100;/);
      assert.match(early.header, /Expires=/);
      assert.equal(early.served, true);
      assert.equal((await servedAfter(name, inSeconds(10), 10_000)).served, false);
    });

    it(`${name}: an Expires after the Max-Age ends it at the Max-Age, when the browser drops the cookie`, async () => {
      assert.equal((await servedAfter(name, inSeconds(1000), 99_000)).served, true);
      assert.equal((await servedAfter(name, inSeconds(1000), 100_000)).served, false);
    });

    it(`${name}: a commit that resets maxAge ends at its own expires`, async () => {
      const options = () => ({ maxAge: undefined, expires: new Date(Date.now() + 500_000) });
      const late = await servedAfter(name, options, 499_000);
      assert.doesNotMatch(late.header, /Max-Age/);
      assert.equal(late.served, true);
      assert.equal((await servedAfter(name, options, 500_000)).served, false);
    });
  }
});

describe('a cookie made with both maxAge and expires', () => {
  for (const name of Object.keys(STORAGES)) {
    it(`${name}: ends the session at the earlier of the two`, async () => {
      for (const [expiresIn, endsAt] of [[10_000, 10_000], [500_000, 100_000]]) {
        const clock = mockClock();
        try {
          const storage = STORAGES[name]({ cookie: { secrets: [SECRET], maxAge: 100, expires: new Date(Date.now() + expiresIn) } });
          const session = await storage.getSession(null);
          session.set('user', 'ada');
          const header = await storage.commitSession(session);
          clock.advance(endsAt - 1000); // a second's margin: real time passes too (file I/O)
          assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada', `${expiresIn}: before its end`);
          clock.advance(1000);
          assert.equal((await storage.getSession(cookiePair(header))).get('user'), undefined, `${expiresIn}: at its end`);
        } finally {
          clock.restore();
        }
      }
    });
  }
});

// Regression (audit): the mirror case, a cookie made with expires and a commit's maxAge, ended the server-side
// records at the Max-Age, past the cookie's own Expires, where the cookie storage ended it at the Expires.
describe("a cookie's expires beside a commit's maxAge", () => {
  for (const name of Object.keys(STORAGES)) {
    it(`${name}: ends the session at the earlier, the cookie's Expires`, async () => {
      const clock = mockClock();
      try {
        const storage = STORAGES[name]({ cookie: { secrets: [SECRET], expires: new Date(Date.now() + 5000) } });
        const session = await storage.getSession(null);
        session.set('user', 'ada');
        const header = await storage.commitSession(session, { maxAge: 60 });
        assert.match(header, /Max-Age=60/);
        clock.advance(4000);
        assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada');
        clock.advance(1000);
        assert.equal((await storage.getSession(cookiePair(header))).get('user'), undefined);
      } finally {
        clock.restore();
      }
    });
  }
});
