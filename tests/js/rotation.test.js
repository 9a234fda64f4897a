// Secret rotation (sign with secrets[0], verify with any), and the signature
// checked against node:crypto's HMAC-SHA256 for thousands of random inputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { cookiePair, cookieValue, hmac, signedCookieHeader, splitSigned } from './support.js';
import { mulberry32 } from './seeded-random.js';

const name = '__session';
const rotated = () => createCookieSessionStorage({ cookie: { name, secrets: ['new', 'old'] } });

/** A session cookie holding { userId: 'mj' } signed with `secret`, written by our storage. */
async function cookieSignedWith(secret) {
  const storage = createCookieSessionStorage({ cookie: { name, secrets: [secret] } });
  const session = await storage.getSession(null);
  session.set('userId', 'mj');
  return cookiePair(await storage.commitSession(session));
}

describe('Secret rotation', () => {
  it('reads a cookie signed with the old secret', async () => {
    const session = await rotated().getSession(await cookieSignedWith('old'));
    assert.equal(session.get('userId'), 'mj');
    assert.equal(session.size, 1);
  });

  it('reads a cookie signed with the new secret', async () => {
    const session = await rotated().getSession(await cookieSignedWith('new'));
    assert.equal(session.get('userId'), 'mj');
  });

  it('re-signs with the new secret on commit', async () => {
    const storage = rotated();
    const session = await storage.getSession(await cookieSignedWith('old'));
    session.set('visits', 1);
    const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(await storage.commitSession(session))));
    const expected = createHmac('sha256', 'new').update(payload).digest('base64').replace(/=+$/, '');
    assert.equal(signature, expected);
    assert.notEqual(signature, hmac(payload, 'old'));
    assert.deepEqual(JSON.parse(Buffer.from(payload, 'base64').toString('utf8')), { userId: 'mj', visits: 1 });
  });

  it('re-signs an untouched session read under the old secret when committed', async () => {
    const storage = rotated();
    const session = await storage.getSession(await cookieSignedWith('old'));
    const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(await storage.commitSession(session))));
    assert.equal(signature, hmac(payload, 'new'));
  });

  // Regression: withSession's burst window knew a cookie session by its cookie, and signed cookies without times
  // are the same bytes for the same data, so a second visitor with the first's identical old cookie, within 2 s,
  // was taken for the first and not re-signed.
  it('withSession re-signs every visitor, even two holding byte-identical old cookies (second visitor skipped)', async () => {
    const storage = rotated();
    const handler = withSession(storage, async (request, { session }) => new Response(session.get('userId')));
    const old = await cookieSignedWith('old');
    assert.equal(old, await cookieSignedWith('old'), 'the same bytes');
    for (const visitor of ['first', 'second']) {
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: old } }));
      assert.equal(await response.text(), 'mj');
      const [setCookie] = response.headers.getSetCookie();
      assert.ok(setCookie, `${visitor} visitor re-signed`);
      const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(setCookie)));
      assert.equal(signature, hmac(payload, 'new'));
    }
  });

  it('rejects a cookie signed with a secret no longer listed: a fresh session', async () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets: ['newest', 'new'] } });
    const session = await storage.getSession(await cookieSignedWith('old'));
    assert.equal(session.size, 0);
    assert.equal(session.dirty, false);
    assert.equal(session.get('userId'), undefined);
  });

  it('tries secrets in order: a cookie a later secret signed is read', async () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets: ['a', 'b', 'c', 'd'] } });
    assert.equal((await storage.getSession(await cookieSignedWith('d'))).get('userId'), 'mj');
  });

  it('the memory storage reads an id cookie signed with the old secret and re-signs it with the new one', async () => {
    const storage = createMemorySessionStorage({ cookie: { name, secrets: ['new', 'old'] } });
    const seed = await storage.getSession(null);
    seed.set('userId', 'mj');
    const seeded = cookiePair(await storage.commitSession(seed));
    const id = JSON.parse(Buffer.from(splitSigned(decodeURIComponent(cookieValue(seeded))).payload, 'base64').toString());
    // The cookie a client holds from before the rotation: the same id, signed with 'old'.
    const underOld = signedCookieHeader(name, JSON.stringify(id), 'old');

    const session = await storage.getSession(underOld);
    assert.equal(session.id, id);
    assert.equal(session.get('userId'), 'mj');
    const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(await storage.commitSession(session))));
    assert.equal(signature, hmac(payload, 'new'));
  });

  it('createCookie reads a value signed with the old secret and signs with the new one', async () => {
    const header = cookiePair(await createCookie('c', { secrets: ['old'] }).serialize('v'));
    const cookie = createCookie('c', { secrets: ['new', 'old'] });
    assert.equal(await cookie.parse(header), 'v');
    const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(await cookie.serialize('v'))));
    assert.equal(signature, hmac(payload, 'new'));
  });
});

describe('HMAC-SHA256 signatures match node:crypto', () => {
  // A seeded generator (seeded-random.js): every run checks the same inputs (no flakiness).
  const random = mulberry32(0x5e551011);
  const int = (max) => Math.floor(random() * max);

  // Code points from every UTF-8 length: ASCII, Latin-1, BMP, astral.
  function randomString(length, { loneSurrogates }) {
    let text = '';
    while (text.length < length) {
      const kind = int(loneSurrogates ? 6 : 5);
      if (kind === 0) text += String.fromCharCode(0x20 + int(0x5f));
      else if (kind === 1) text += String.fromCharCode(int(0x80));
      else if (kind === 2) text += String.fromCharCode(0x80 + int(0x780));
      else if (kind === 3) text += String.fromCharCode(0x800 + int(0xd000 - 0x800));
      else if (kind === 4) text += String.fromCodePoint(0x10000 + int(0x100000));
      else text += String.fromCharCode(0xd800 + int(0x800)); // lone: JSON.stringify escapes it
    }
    return text;
  }

  it('for 3000 random (secret, value) pairs of random lengths, non-ASCII included', async () => {
    for (let i = 0; i < 3000; i++) {
      const secret = randomString(1 + int(96), { loneSurrogates: false });
      const value = randomString(1 + int(300), { loneSurrogates: true });
      const setCookie = await createCookie('c', { secrets: [secret] }).serialize(value);
      const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(setCookie)));
      const context = `pair #${i}: secret ${JSON.stringify(secret)}, value ${JSON.stringify(value)}`;
      assert.equal(payload, Buffer.from(JSON.stringify(value), 'utf8').toString('base64'), context);
      assert.equal(signature, createHmac('sha256', secret).update(payload).digest('base64').replace(/=+$/, ''), context);
      assert.equal(signature.length, 43);
    }
  });
});
