// Sealed cookies (encrypt: true): XChaCha20-Poly1305 under an HKDF-SHA256 key,
// the cookie name as associated data. Checked against independent code on
// thousands of random payloads, both ways: node:crypto (HKDF, and the IETF
// ChaCha20-Poly1305 after HChaCha20) and @noble/ciphers (XChaCha20-Poly1305),
// through the production path (storage commit, Set-Cookie, getSession).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { hchacha, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { cookiePair, cookieValue } from './support.js';

const name = '__session';
const SALT = 'edge-session';
const INFO = 'edge-session v1 cookie seal';

/** The sealing key of `secret`, derived by node:crypto (RFC 5869). */
const keyOf = (secret) => new Uint8Array(hkdfSync('sha256', secret, SALT, INFO, 32));

function fromBase64Url(text) {
  assert.match(text, /^[A-Za-z0-9_-]*$/);
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/** version, nonce, ciphertext || tag of a sealed cookie value. */
function parts(value) {
  const bytes = fromBase64Url(value);
  return { version: bytes[0], nonce: bytes.subarray(1, 25), sealed: bytes.subarray(25) };
}

/** Opens with @noble/ciphers' XChaCha20-Poly1305. */
function nobleOpen(value, secret, cookieName = name) {
  const { version, nonce, sealed } = parts(value);
  assert.equal(version, 1);
  const plaintext = xchacha20poly1305(keyOf(secret), nonce, new TextEncoder().encode(cookieName)).decrypt(sealed);
  return new TextDecoder().decode(plaintext);
}

/** HChaCha20 (noble's), then node:crypto's IETF ChaCha20-Poly1305 (RFC 8439 §2.8). */
function nodeOpen(value, secret, cookieName = name) {
  const { nonce, sealed } = parts(value);
  const sigma = new Uint32Array(new TextEncoder().encode('expand 32-byte k').buffer);
  const subkey = new Uint32Array(8);
  hchacha(sigma, new Uint32Array(keyOf(secret).buffer), new Uint32Array(nonce.slice(0, 16).buffer), subkey);
  const iv = new Uint8Array(12);
  iv.set(nonce.subarray(16), 4);
  const decipher = createDecipheriv('chacha20-poly1305', new Uint8Array(subkey.buffer), iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(cookieName));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  return plaintext.toString('utf8');
}

/** A cookie value sealed by @noble/ciphers. */
function nobleSeal(plaintext, secret, cookieName = name) {
  const nonce = randomBytes(24);
  const sealed = xchacha20poly1305(keyOf(secret), nonce, new TextEncoder().encode(cookieName)).encrypt(new TextEncoder().encode(plaintext));
  return Buffer.concat([Buffer.from([1]), nonce, sealed]).toString('base64url');
}

const sealedStorage = (secrets = ['s3cr3t'], extra = {}) => createCookieSessionStorage({ cookie: { name, secrets, ...extra }, encrypt: true });

const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '\n', 'é', '€', '😀', '%', ';', '=', '.', '\u0000'];
function randomString(max) {
  let text = '';
  const length = Math.floor(Math.random() * max);
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return text;
}
function randomData() {
  const data = {};
  const keys = 1 + Math.floor(Math.random() * 6);
  for (let i = 0; i < keys; i++) {
    const kind = Math.random();
    data[`k${i}${randomString(4)}`] = kind < 0.4 ? randomString(60) : kind < 0.7 ? Math.floor(Math.random() * 1e9) : { n: [1, randomString(8), null, true] };
  }
  return data;
}

async function commitData(storage, data) {
  const session = await storage.getSession(null);
  for (const [key, value] of Object.entries(data)) session.set(key, value);
  return storage.commitSession(session);
}

async function readData(storage, header) {
  const session = await storage.getSession(header);
  return session.data;
}

describe('Sealed cookies against independent implementations', () => {
  it('our sealed cookies open with @noble/ciphers and with node:crypto, for 2000 random sessions', async () => {
    const storage = sealedStorage();
    const nonces = new Set();
    for (let i = 0; i < 2000; i++) {
      const data = randomData();
      const value = cookieValue(await commitData(storage, data));
      nonces.add(Buffer.from(parts(value).nonce).toString('hex'));
      const byNoble = nobleOpen(value, 's3cr3t');
      assert.deepEqual(JSON.parse(byNoble), data);
      assert.equal(nodeOpen(value, 's3cr3t'), byNoble);
    }
    assert.equal(nonces.size, 2000, 'every commit draws a fresh nonce');
  });

  it('cookies sealed by @noble/ciphers open in our storage, for 2000 random sessions', async () => {
    const storage = sealedStorage();
    for (let i = 0; i < 2000; i++) {
      const data = randomData();
      const header = `${name}=${nobleSeal(JSON.stringify(data), 's3cr3t')}`;
      assert.deepEqual(await readData(storage, header), data);
    }
  });

  // The name is the associated data, which RFC 8439 §2.8 pads to 16 bytes with
  // (16 - |ad| % 16) % 16 zeros: none at 16 and 32. Every other test uses
  // names of 5 and 9 bytes, which a padding wrong at multiples of 16 passes.
  it('cookie names of every length from 1 to 40 seal and open as @noble/ciphers does', async () => {
    for (let length = 1; length <= 40; length++) {
      const cookieName = 'n'.repeat(length);
      const storage = createCookieSessionStorage({ cookie: { name: cookieName, secrets: ['s3cr3t'] }, encrypt: true });
      const value = cookieValue(await commitData(storage, { userId: 'mj' }));
      assert.deepEqual(JSON.parse(nobleOpen(value, 's3cr3t', cookieName)), { userId: 'mj' }, `name of ${length}`);
      const header = `${cookieName}=${nobleSeal('{"userId":"mj"}', 's3cr3t', cookieName)}`;
      assert.equal((await storage.getSession(header)).get('userId'), 'mj', `name of ${length}`);
    }
  });

  it('createCookie({ encrypt: true }) values open with @noble/ciphers, and noble-sealed values parse', async () => {
    const prefs = createCookie('prefs', { secrets: ['k1'], encrypt: true });
    assert.equal(prefs.isEncrypted, true);
    for (let i = 0; i < 200; i++) {
      const value = randomData();
      const setCookie = await prefs.serialize(value);
      assert.deepEqual(JSON.parse(nobleOpen(cookieValue(setCookie), 'k1', 'prefs')), value);
      assert.deepEqual(await prefs.parse(`prefs=${nobleSeal(JSON.stringify(value), 'k1', 'prefs')}`), value);
    }
  });
});

describe('Sealed cookies refuse every forgery with a fresh session', () => {
  it('a flipped bit anywhere in the value', async () => {
    const storage = sealedStorage();
    const value = cookieValue(await commitData(storage, { userId: 'mj' }));
    const bytes = fromBase64Url(value);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const changed = bytes.slice();
      changed[bit >> 3] ^= 1 << (bit & 7);
      const session = await storage.getSession(`${name}=${Buffer.from(changed).toString('base64url')}`);
      assert.equal(session.size, 0, `bit ${bit}`);
    }
  });

  it('truncation, extension, and a nonce of the wrong length', async () => {
    const storage = sealedStorage();
    const value = cookieValue(await commitData(storage, { userId: 'mj' }));
    for (let size = 0; size < value.length; size++) {
      assert.equal((await storage.getSession(`${name}=${value.slice(0, size)}`)).size, 0, `size ${size}`);
    }
    assert.equal((await storage.getSession(`${name}=${value}A`)).size, 0);
    const bytes = fromBase64Url(value);
    for (const nonceLength of [12, 16, 23, 25, 32]) {
      const reframed = Buffer.concat([bytes.subarray(0, 1), Buffer.alloc(nonceLength), bytes.subarray(25)]).toString('base64url');
      assert.equal((await storage.getSession(`${name}=${reframed}`)).size, 0, `nonce ${nonceLength}`);
    }
    assert.equal((await storage.getSession(`${name}=${value}`)).get('userId'), 'mj');
  });

  it('a wrong secret', async () => {
    const value = cookieValue(await commitData(sealedStorage(['a']), { userId: 'mj' }));
    assert.equal((await sealedStorage(['b']).getSession(`${name}=${value}`)).size, 0);
  });

  it('the value moved to a cookie of another name (the name is the associated data)', async () => {
    const value = cookieValue(await commitData(sealedStorage(), { userId: 'mj' }));
    const other = createCookieSessionStorage({ cookie: { name: 'other', secrets: ['s3cr3t'] }, encrypt: true });
    assert.equal((await other.getSession(`other=${value}`)).size, 0);
    // Re-sealed by noble under the right name, it opens: the name is what failed.
    assert.equal((await other.getSession(`other=${nobleSeal('{"userId":"mj"}', 's3cr3t', 'other')}`)).get('userId'), 'mj');
  });

  it('a signed cookie where a sealed one is expected, and the other way round', async () => {
    const signed = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'] } });
    const sealed = sealedStorage();
    const signedHeader = cookiePair(await commitData(signed, { userId: 'mj' }));
    const sealedHeader = cookiePair(await commitData(sealed, { userId: 'mj' }));
    assert.equal((await sealed.getSession(signedHeader)).size, 0);
    assert.equal((await signed.getSession(sealedHeader)).size, 0);
    assert.equal((await sealed.getSession(sealedHeader)).get('userId'), 'mj');
  });
});

describe('Sealed cookies: options, rotation, migration', () => {
  it('rejects encrypt without secrets, and unknown values', () => {
    assert.throws(() => createCookie('s', { encrypt: true }), { name: 'CookieOptionError', code: 'INVALID_SECRET' });
    // An empty list is no secrets either, refused as the cookie is made, not at its first use (mutation pass, s42).
    assert.throws(() => createCookie('s', { secrets: [], encrypt: true }), { name: 'CookieOptionError', code: 'INVALID_SECRET' });
    // 'migrate' seals too, so it needs secrets as much (mutation pass, s48: only encrypt: true checked went unnoticed).
    for (const secrets of [undefined, []]) {
      assert.throws(() => createCookie('s', { secrets, encrypt: 'migrate' }), { name: 'CookieOptionError', code: 'INVALID_SECRET' });
      assert.throws(() => createCookieSessionStorage({ cookie: { secrets }, encrypt: 'migrate' }), { name: 'CookieOptionError', code: 'INVALID_SECRET' });
    }
    assert.throws(() => createCookie('s', { secrets: ['x'], encrypt: 'yes' }), { code: 'INVALID_OPTIONS' });
    // A cookie and a storage that say opposite things: neither silently wins.
    const signedCookie = createCookie('s', { secrets: ['x'], encrypt: false });
    assert.throws(() => createCookieSessionStorage({ cookie: signedCookie, encrypt: true }), { code: 'INVALID_OPTIONS', message: /differs/ });
    assert.throws(() => createCookieSessionStorage({ cookie: { secrets: ['x'], encrypt: true }, encrypt: false }), { code: 'INVALID_OPTIONS' });
  });

  it('createCookieSessionStorage({ cookie, encrypt: true }) seals with a cookie made by createCookie without encrypt', async () => {
    const cookie = createCookie(name, { secrets: ['s3cr3t'], httpOnly: true });
    const storage = createCookieSessionStorage({ cookie, encrypt: true });
    const setCookie = await commitData(storage, { email: 'mj@example.com' });
    assert.deepEqual(JSON.parse(nobleOpen(cookieValue(setCookie), 's3cr3t')), { email: 'mj@example.com' });
    assert.match(setCookie, /; HttpOnly/, "the cookie's attributes kept");
    assert.equal((await storage.getSession(cookiePair(setCookie))).get('email'), 'mj@example.com');
    assert.equal(cookie.isEncrypted, false, "the app's cookie itself is unchanged");
  });

  it('encrypt: true on a server-side storage seals its ID cookie', async () => {
    const storage = createMemorySessionStorage({ cookie: { name, secrets: ['s3cr3t'] }, encrypt: true });
    const session = await storage.getSession(null);
    session.set('userId', 'mj');
    const setCookie = await storage.commitSession(session);
    assert.equal(JSON.parse(nobleOpen(cookieValue(setCookie), 's3cr3t')), session.id, 'the sealed value is the ID');
    assert.equal((await storage.getSession(cookiePair(setCookie))).get('userId'), 'mj');
    const signed = createMemorySessionStorage({ cookie: { name, secrets: ['s3cr3t'] } });
    assert.equal((await signed.getSession(cookiePair(setCookie))).size, 0, 'a signed storage does not read it');
  });

  it('a session sealed with a retired secret is re-sealed with secrets[0] by withSession, even untouched', async () => {
    const old = cookiePair(await commitData(sealedStorage(['old']), { userId: 'mj' }));
    const handler = withSession(sealedStorage(['new', 'old']), async (request, { session }) => new Response(String(session.get('userId'))));
    const response = await handler(new Request('https://example.com/', { headers: { Cookie: old } }));
    assert.equal(await response.text(), 'mj');
    const setCookie = response.headers.get('Set-Cookie');
    assert.ok(setCookie, 'an untouched session opened with a retired secret is committed');
    assert.deepEqual(JSON.parse(nobleOpen(cookieValue(setCookie), 'new')), { userId: 'mj' });
    assert.throws(() => nobleOpen(cookieValue(setCookie), 'old'));
  });

  it("encrypt: 'migrate' reads a signed cookie once and withSession writes it back sealed", async () => {
    const signed = cookiePair(await commitData(createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'] } }), { userId: 'mj' }));
    const migrating = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'] }, encrypt: 'migrate' });
    const handler = withSession(migrating, async (request, { session }) => new Response(String(session.get('userId'))));
    const response = await handler(new Request('https://example.com/', { headers: { Cookie: signed } }));
    assert.equal(await response.text(), 'mj');
    const value = cookieValue(response.headers.get('Set-Cookie'));
    assert.deepEqual(JSON.parse(nobleOpen(value, 's3cr3t')), { userId: 'mj' });
    // Once sealed, an untouched session is not written again.
    const again = await handler(new Request('https://example.com/', { headers: { Cookie: `${name}=${value}` } }));
    assert.equal(await again.text(), 'mj');
    assert.equal(again.headers.get('Set-Cookie'), null);
  });

  it('a committed sealed session stays readable after its commit, as a signed one does', async () => {
    const afterCommit = async (encrypt) => {
      const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'] }, encrypt });
      const session = await storage.getSession(null);
      session.set('userId', 'mj');
      session.flash('message', 'saved');
      await storage.commitSession(session);
      return { userId: session.get('userId'), data: session.data, dirty: session.dirty, has: session.has('message') };
    };
    const sealed = await afterCommit(true);
    assert.equal(sealed.userId, 'mj');
    assert.deepEqual(sealed.data, { userId: 'mj', __flash_message__: 'saved' });
    assert.deepEqual(sealed, await afterCommit(false));
  });

  it('a destroyed sealed session expires the cookie', async () => {
    const storage = sealedStorage();
    const session = await storage.getSession(null);
    session.destroy();
    assert.match(await storage.commitSession(session), /^__session=; Max-Age=0/);
  });
});

describe('Sealing nonces', () => {
  it('a sealed commit that is handed no nonce fails instead of taking stale bytes for one', async () => {
    const { cookieCore } = await import('../../js/internal.js');
    const cookie = createCookie('s', { secrets: ['k'], encrypt: true });
    const { core, address } = await cookie[cookieCore](0);
    const pointer = core.readSession(address, '', '');
    try {
      assert.throws(() => core.commit(address, pointer, '', undefined), { code: 'INVALID_OPTIONS', message: /24 fresh random bytes/ });
      const committed = core.commit(address, pointer, '', new Uint8Array(24).fill(7));
      assert.match(committed, /^s=[A-Za-z0-9_-]+; Path=\//);
    } catch (error) {
      core.free(pointer);
      throw error;
    }
  });
});
