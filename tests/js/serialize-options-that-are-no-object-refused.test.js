// js/cookie.js optionsJson: a serialize's or commit's options that are no object (a number, a string, a boolean)
// are refused with CookieOptionError INVALID_OPTIONS, as createCookie refuses them. Nothing held it (mutation
// pass): without the check a number or a boolean spread to no attributes and the cookie was written as if no options
// were given (`serialize(value, 60)` for a maxAge wrote a session cookie), and a string's characters were refused
// as options named "0", "1"...
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage } from 'edge-session';

const SECRETS = ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'];
const refusal = { name: 'CookieOptionError', code: 'INVALID_OPTIONS', message: 'Cookie options must be an object' }; // the class, by name

describe('options that are no object are refused, not ignored', () => {
  for (const options of [60, 0, true, 'maxAge=60', 60n]) {
    it(`${typeof options} ${String(options)}`, async () => {
      await assert.rejects(createCookie('c', { secrets: SECRETS }).serialize('x', options), refusal);
      const storage = createCookieSessionStorage({ cookie: { name: 'c', secrets: SECRETS } });
      const session = await storage.getSession(null);
      session.set('a', 1);
      await assert.rejects(storage.commitSession(session, options), refusal);
      await assert.rejects(storage.destroySession(session, options), refusal);
    });
  }
});
