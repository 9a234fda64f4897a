// max-age-null-record-expiry.test.js, for a commit given options: a storage's cookie with `maxAge: null` has no
// end, and a commit's options that set no maxAge (`{ httpOnly: true }`, `{ path }`) keep it so. The commit's end is
// reckoned from the cookie's own maxAge when its options leave it out (js/id-storage.js expiresFor), and Cookie's
// [cookieMaxAge] gives undefined for null: giving null made that end `now` (dateIn(null)), so each such commit's
// record expired as it was written, while its cookie had no Max-Age (mutation pass: `?? undefined` dropped passed
// every test).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

after(removeStoreDirs);

describe('a commit with options beside a cookie with maxAge: null', () => {
  for (const [name, make] of Object.entries(STORAGES)) {
    it(`${name}: the session outlives its commit`, async () => {
      const storage = make({ cookie: { name: '__session', secrets: [SECRET], maxAge: null } });
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const header = await storage.commitSession(session, { httpOnly: true });
      assert.doesNotMatch(header, /Max-Age|Expires/i);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada');
    });
  }
});
