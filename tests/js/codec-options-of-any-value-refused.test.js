// React Router's `decode` given to parse or getSession as anything but undefined, not only as a function (a name
// such as 'base64', a codec object), is refused, not ignored (README, React Router compatibility:
// "encode/decode are not supported ... and are refused wherever given"). A read ignoring it reads with our
// encoding, while the app thinks its own decodes the value.
// Mutation pass (s48): refuseCodecs refusing functions only went unnoticed; parse(h, { decode: 'base64' }) and
// getSession(h, { decode: 'base64' }) read on as if no decode were given.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';

const SECRETS = ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'];
const unsupported = { name: 'CookieOptionError', code: 'INVALID_OPTIONS', message: /Cookie option decode is not supported/ };

describe('decode of any value is refused where it is given', () => {
  for (const decode of ['base64', { decode: (value) => value }]) {
    it(`decode: ${typeof decode}`, async () => {
      const cookie = createCookie('c', { secrets: SECRETS });
      await assert.rejects(cookie.parse('c=x', { decode }), unsupported);
      for (const storage of [createCookieSessionStorage({ cookie }), createMemorySessionStorage({ cookie })]) {
        await assert.rejects(storage.getSession('c=x', { decode }), unsupported);
      }
    });
  }
});
