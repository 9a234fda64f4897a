// A storage cookie's BigInt maxAge beside idleTimeout: the first commit rejects with the CookieOptionError naming
// maxAge, as without idleTimeout (bigint-max-age-bare-type-error.test.js). The lifetime's pace under a maxAge
// (lifetime.js lifetimeUnderMaxAge) takes only a number: mutation pass, without that check the storage factory threw
// a bare TypeError ("Cannot mix BigInt and other types"); the neighbouring test sets no idleTimeout, so it passed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CookieOptionError, createSession } from 'edge-session';
import { removeStoreDirs, STORAGES } from './expiry-stores.js';
import { SECRET } from './support.js';

after(removeStoreDirs);

describe('a BigInt maxAge on the cookie of a storage with idleTimeout', () => {
  for (const name of Object.keys(STORAGES)) {
    it(`${name}: the first commit rejects with a CookieOptionError naming maxAge`, async () => {
      const commit = async () => {
        const storage = STORAGES[name]({ cookie: { secrets: [SECRET], maxAge: 3600n }, idleTimeout: 86_400 });
        return storage.commitSession(await createSession({ user: 'ada' }));
      };
      await assert.rejects(commit(), (error) => error instanceof CookieOptionError && /maxAge/.test(error.message));
    });
  }
});
