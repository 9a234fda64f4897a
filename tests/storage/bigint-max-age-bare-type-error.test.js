// Regression (audit): a storage cookie's own BigInt maxAge, when the storage's first call was the commit of a
// createSession() session, rejected with a bare TypeError ("Cannot mix BigInt and other types") from Cookie.expires,
// where the README promises a CookieOptionError naming the option. Cookie.expires now throws that error itself.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CookieOptionError, createCookie, createSession } from 'edge-session';
import { removeStoreDirs, STORAGES } from './expiry-stores.js';
import { SECRET } from './support.js';

after(removeStoreDirs);

describe('a maxAge or expires of the wrong type on the cookie', () => {
  for (const name of Object.keys(STORAGES)) {
    it(`${name}: the first commit rejects with a CookieOptionError naming it`, async () => {
      for (const option of [{ maxAge: 3600n }, { maxAge: '3600' }, { expires: 'tomorrow' }]) {
        const storage = STORAGES[name]({ cookie: { secrets: [SECRET], ...option } });
        await assert.rejects(storage.commitSession(await createSession({ user: 'ada' })), (error) => {
          assert.ok(error instanceof CookieOptionError, `${JSON.stringify(String(Object.values(option)[0]))}: ${error}`);
          assert.match(error.message, /maxAge|expires/);
          return true;
        });
      }
    });
  }

  it('names a string maxAge in quotes (review: "got 3600" read as a valid maxAge)', () => {
    assert.throws(() => createCookie('c', { secrets: [SECRET], maxAge: '3600' }).expires, /got "3600"$/);
  });

  it('Cookie.expires throws that CookieOptionError, not a bare TypeError', () => {
    assert.throws(() => createCookie('c', { secrets: [SECRET], maxAge: 3600n }).expires, CookieOptionError);
    assert.throws(() => createCookie('c', { secrets: [SECRET], expires: 'tomorrow' }).expires, CookieOptionError);
  });
});
