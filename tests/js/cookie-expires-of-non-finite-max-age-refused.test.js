// Cookie.expires (README, createCookie: `{ name, isSigned, expires, ... }`) checks the cookie's maxAge as its first
// serialize does, and throws CookieOptionError INVALID_MAX_AGE for NaN or Infinity, as it does for a BigInt or a
// string (tests/storage/bigint-max-age-bare-type-error.test.js). Nothing held the finite check: without it these
// gave an Invalid Date, which a storage reads as no end (mutation pass).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from 'edge-session';

it('Cookie.expires of a maxAge that is NaN or infinite throws INVALID_MAX_AGE, as serialize rejects', async () => {
  for (const maxAge of [NaN, Infinity, -Infinity]) {
    const cookie = createCookie('c', { maxAge });
    assert.throws(() => cookie.expires, { name: 'CookieOptionError', code: 'INVALID_MAX_AGE' }, String(maxAge));
    await assert.rejects(cookie.serialize('x'), { name: 'CookieOptionError', code: 'INVALID_MAX_AGE' }, String(maxAge));
  }
});
