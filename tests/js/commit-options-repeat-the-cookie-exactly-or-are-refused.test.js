// README (createCookie, Sealed cookies) and js/cookie.js refuseOtherCookie: a commit's or serialize's options may
// repeat the cookie's own secrets and encrypt, but not change them, or the value would be written in a way the
// cookie does not read (signed under another secret, sealed where the cookie signs, or the other way round). The
// existing case changes the list whole (['other'] for ['s']); a list of the same secrets in another order (which
// signs with another secrets[0]), one short, one longer, one differing in its last, and 'migrate' for true all passed
// (mutation pass: the length check dropped, `every` for `some`, a membership test, or encrypt compared as a boolean),
// and so did encrypt: null (read as not given).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, CookieOptionError } from 'edge-session';

const SECRETS = ['first-s3cr3t', 'second-s3cr3t'];

describe("a commit's or serialize's options repeat the cookie's secrets and encrypt exactly, or are refused", () => {
  const refused = {
    'its secrets in another order': { secrets: [...SECRETS].reverse() },
    'its first secret alone': { secrets: SECRETS.slice(0, 1) },
    'one secret more': { secrets: [...SECRETS, 'third-s3cr3t'] },
    'its last secret changed': { secrets: [SECRETS[0], 'other-s3cr3t'] },
    'no secrets': { secrets: [] },
    'encrypt: null, which createCookie refuses too': { encrypt: null },
  };
  for (const encrypt of [false, true, 'migrate']) {
    it(`encrypt: ${encrypt}`, async () => {
      const cookie = createCookie('c', { secrets: SECRETS, encrypt });
      const storage = createCookieSessionStorage({ cookie: { name: 'c', secrets: SECRETS, encrypt } });
      const session = await storage.getSession(null);
      session.set('a', 1);
      const others = { ...refused };
      for (const other of [false, true, 'migrate']) if (other !== encrypt) others[`encrypt: ${other}`] = { encrypt: other };
      for (const [name, options] of Object.entries(others)) {
        await assert.rejects(cookie.serialize('x', options), CookieOptionError, `serialize, ${name}`);
        await assert.rejects(storage.commitSession(session, options), CookieOptionError, `commitSession, ${name}`);
      }
      // The same, repeated (a copy of the list): written, and read back.
      const same = { secrets: [...SECRETS], encrypt, name: 'c' };
      assert.equal(await cookie.parse((await cookie.serialize('x', same)).split(';')[0]), 'x');
      const header = await storage.commitSession(session, same);
      assert.equal((await storage.getSession(header.split(';')[0])).get('a'), 1);
    });
  }
});
