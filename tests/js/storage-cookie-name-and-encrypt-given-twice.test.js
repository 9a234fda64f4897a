// README (Storages): a storage's `cookie` is a Cookie from createCookie or the options to make one, "name
// `__session` by default"; and (Sealed cookies) one whose own `encrypt` differs from the storage's is refused,
// "neither silently wins". Two sides of js/cookie.js cookieFromOption held no test (mutation pass): options with no
// name (the default's spelling could change and every app's sessions with it), and an `encrypt` given in both
// places alike, which must be taken (only a difference is refused; dropping the equality test refused it).
// A Cookie made without `encrypt` "takes the storage's" (Sealed cookies): it is made anew sealed, and stays the
// app's cookie otherwise. Mutation pass (s48): the Cookie's name left out of the one made anew went unnoticed; its
// sessions were written as __session, beside the app's own cookie.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';

const SECRETS = ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'];

/** The name and value of the cookie `storage` commits a new session under. */
async function committed(storage) {
  const session = await storage.getSession(null);
  session.set('user', 'ada');
  const pair = (await storage.commitSession(session)).split(';')[0];
  assert.equal((await storage.getSession(pair)).get('user'), 'ada');
  return pair;
}

describe("a storage's cookie", () => {
  it('is named __session when its options name none', async () => {
    for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
      assert.match(await committed(make({ cookie: { secrets: SECRETS } })), /^__session=/, make.name);
    }
  });

  for (const encrypt of [true, 'migrate', false]) {
    it(`takes encrypt: ${encrypt} given alike in its options (or its Cookie) and the storage's`, async () => {
      for (const cookie of [{ name: 'c', secrets: SECRETS, encrypt }, createCookie('c', { secrets: SECRETS, encrypt })]) {
        const pair = await committed(createCookieSessionStorage({ cookie, encrypt }));
        assert.equal(pair.includes('.'), !encrypt, 'sealed values (base64url) have no "."; signed ones do');
      }
    });
  }

  it("a Cookie made without encrypt, sealed by the storage's, keeps its name and attributes", async () => {
    const cookie = createCookie('prefs', { secrets: SECRETS, path: '/app', httpOnly: true });
    for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
      const storage = make({ cookie, encrypt: true });
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const header = await storage.commitSession(session);
      assert.match(header, /^prefs=[A-Za-z0-9_-]+; Path=\/app; HttpOnly; SameSite=Lax$/, make.name);
      assert.equal((await storage.getSession(header.split(';')[0])).get('user'), 'ada', make.name);
    }
  });
});
