// Defect (audit): a sealed cookie session opened through Remix v3's read() with a retired secret was never re-sealed
// while its handler left it untouched: read() opened the value with cookie.parse, which drops which secret opened
// it, so save() returned null, and once the old secret was dropped the user was signed out. withSession and
// encrypt: 'migrate' rewrite such a session untouched (issue 12); read/save now do too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as sessionMiddleware } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';

const sealedStorage = (secrets, encrypt = true) => createCookieSessionStorage({ cookie: { secrets }, format: 'remix-v3', encrypt });

/** A value sealed under 'old' by save(), as a storage before the rotation wrote it. */
async function sealedUnderOld(encrypt) {
  const before = sealedStorage(['old'], encrypt);
  const session = await before.read(null);
  session.set('userId', 'ada');
  return before.save(session);
}

describe("Remix v3's read/save of a sealed session opened with a retired secret", () => {
  for (const encrypt of [true, 'migrate']) {
    it(`re-seals it untouched with secrets[0] (encrypt: ${String(encrypt)}), so dropping the old secret signs nobody out`, async () => {
      const old = await sealedUnderOld(encrypt);
      const rotated = sealedStorage(['new', 'old'], encrypt);
      const session = await rotated.read(old);
      assert.equal(session.get('userId'), 'ada');
      assert.equal(session.dirty, false, 'the handler changed nothing');
      const resealed = await rotated.save(session);
      assert.equal(typeof resealed, 'string', 'save() rewrites it');
      assert.notEqual(resealed, old);
      const afterDrop = sealedStorage(['new'], encrypt);
      assert.equal((await afterDrop.read(resealed)).get('userId'), 'ada', 'readable once the old secret is gone');
      assert.equal((await afterDrop.read(old)).get('userId'), undefined, 'the old value no longer opens');
    });
  }

  it('writes nothing for an untouched session opened with secrets[0]', async () => {
    const storage = sealedStorage(['new', 'old']);
    const session = await storage.read(null);
    session.set('userId', 'ada');
    const current = await storage.save(session);
    assert.equal(await storage.save(await storage.read(current)), null);
  });

  it("re-seals it through @remix-run/session-middleware under @remix-run/fetch-router", async () => {
    const old = await sealedUnderOld(true);
    const remixCookie = createCookie('__session', { secrets: ['remix-secret'], httpOnly: true, sameSite: 'lax' });
    const appWith = (secrets) => {
      const router = createRouter({ middleware: [sessionMiddleware(remixCookie, sealedStorage(secrets))] });
      router.get('/', ({ get }) => new Response(String(get(Session).get('userId') ?? 'anonymous')));
      return router;
    };
    const visit = (router, cookie) => router.fetch(new Request('https://app.example/', { headers: cookie ? { Cookie: cookie } : {} }));
    const browserCookie = (await remixCookie.serialize(old)).split(';')[0];

    const rotated = await visit(appWith(['new', 'old']), browserCookie);
    assert.equal(await rotated.text(), 'ada');
    const setCookie = rotated.headers.get('Set-Cookie');
    assert.ok(setCookie, 'the untouched page re-seals the session');
    const page = await visit(appWith(['new']), setCookie.split(';')[0]);
    assert.equal(await page.text(), 'ada', 'still signed in once the old secret is dropped');
  });
});
