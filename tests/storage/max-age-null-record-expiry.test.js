// Regression (audit): a storage's cookie with `maxAge: null` (an attribute given as null keeps its default, the
// README says: a cookie with no Max-Age) made Cookie.expires "now", so every server-side record, and every Remix
// v3 payload, expired as it was written: each commit was followed by a fresh session, a user never stayed signed in.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

const cookie = { name: '__session', secrets: [SECRET], maxAge: null };

after(removeStoreDirs);

describe('a cookie with maxAge: null', () => {
  it('has no expiry: Cookie.expires is undefined, as for expires: null', () => {
    assert.equal(createCookie('a', { secrets: [SECRET], maxAge: null }).expires, undefined);
    assert.equal(createCookie('a', { secrets: [SECRET], expires: null }).expires, undefined);
    assert.ok(createCookie('a', { secrets: [SECRET], maxAge: 60 }).expires > new Date(), 'a set maxAge still counts');
  });

  for (const [name, make] of Object.entries(STORAGES)) {
    it(`keeps a ${name} session past its commit, under a cookie with no Max-Age`, async () => {
      const storage = make({ cookie });
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const header = await storage.commitSession(session);
      assert.doesNotMatch(header, /Max-Age|Expires/i);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada');
    });
  }

  it("keeps a Remix v3 session past its save (read/save)", async () => {
    for (const storage of [createCookieSessionStorage({ cookie, format: 'remix-v3' }), createMemorySessionStorage({ cookie })]) {
      const session = await storage.read(null);
      session.set('user', 'ada');
      const value = await storage.save(session);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await storage.read(value)).get('user'), 'ada');
    }
  });
});
