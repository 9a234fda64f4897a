// Found by tests/js/differential-react-router.test.js: a commit's `expires` on a storage whose cookie has its own
// maxAge. The Set-Cookie then carries both, and a browser keeps the cookie by Max-Age (RFC 6265 5.3 step 3);
// react-router's cookie storage serves it until then. Ours ends the session at the earlier of the two
// (js/lifetime.js earlierEnd), as react-router's memory storage ends its record at the commit's `expires`. README
// (Session lifetime) now says so; this pins the rule and the difference it makes against react-router.
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirStorage } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['differential-secret-of-32-chars!'], maxAge: 60 };

describe('a commit\'s expires beside the cookie\'s maxAge', () => {
  for (const [label, expiresIn, oursAt30s] of [['earlier than Max-Age', 1500, undefined], ['later than Max-Age', 86_400_000, 'mj']]) {
    it(`${label}: the browser keeps the cookie by Max-Age; ours ends the session at the earlier of the two`, async () => {
      mock.timers.enable({ apis: ['Date'], now: Date.UTC(2034, 0, 1) });
      try {
        const headers = {};
        for (const [side, storage] of [['ours', createCookieSessionStorage({ cookie })], ['theirs', theirStorage({ cookie })]]) {
          const session = await storage.getSession(null);
          session.set('userId', 'mj');
          headers[side] = await storage.commitSession(session, { expires: new Date(Date.now() + expiresIn) });
          assert.match(headers[side], /; Max-Age=60; /);
          assert.match(headers[side], /; Expires=/);
        }
        mock.timers.tick(30_000); // the browser still holds and sends both cookies (Max-Age=60)
        assert.equal((await theirStorage({ cookie }).getSession(cookiePair(headers.theirs))).get('userId'), 'mj');
        assert.equal((await createCookieSessionStorage({ cookie }).getSession(cookiePair(headers.ours))).get('userId'), oursAt30s);
        mock.timers.tick(31_000); // past Max-Age: the browser has dropped it; a replay of ours reads as fresh
        assert.equal((await createCookieSessionStorage({ cookie }).getSession(cookiePair(headers.ours))).get('userId'), undefined);
      } finally {
        mock.timers.reset();
      }
    });
  }
});
