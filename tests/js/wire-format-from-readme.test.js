// The wire formats, implemented a second time from README alone (as a Go or Python service sharing the secret would
// implement them: node:crypto and @noble/ciphers, nothing of js/ or src/), and a seeded differential both ways:
// what edge-session writes, this reads with the same data, flash and times; what this writes, edge-session reads,
// rotation with an old secret, chunks cut anywhere and the times' expiry included. A standing check that the README
// stays implementable: a format change that the README does not follow fails here. Each README sentence a codec
// below rests on is quoted beside it.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { createCookie as remixCreateCookie } from '@remix-run/cookie';
import {
  createCookie,
  createCookieSessionStorage,
  createMemorySessionStorage,
  createWorkersKVSessionStorage,
  csrfToken,
  withSession,
} from 'edge-session';
import { mapKVWithMetadata } from './map-kv.js';
import { rng } from './seeded-random.js';

// ---------------------------------------------------------------------------------------------------------------
// The codecs (README "Cookie format", "Sealed cookies", "Sessions beyond one cookie", "Session lifetime", "CSRF",
// "Storages", "Remix v3").

const hmac = (secret, text) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(text, 'utf8').digest();

// "payload: the JSON of the data ... UTF-8, standard padded base64; then `.` and the base64 HMAC-SHA256 of that
// base64 text (key: the secret's UTF-8 bytes) without `=` padding; percent-encoded in the header (`=`→`%3D`,
// `+`→`%2B`, `/`→`%2F`)." "Signing uses secrets[0]."
function sign(json, secret) {
  const payload = Buffer.from(json, 'utf8').toString('base64');
  return `${payload}.${hmac(secret, payload).toString('base64').replace(/=+$/, '')}`;
}
const percentEncoded = (value) => value.replace(/=/g, '%3D').replace(/\+/g, '%2B').replace(/\//g, '%2F');

// "verification tries each secret in turn (rotation), compares in constant time".
function unsign(headerValue, secrets) {
  const value = headerValue.includes('%') ? decodeURIComponent(headerValue) : headerValue;
  const dot = value.lastIndexOf('.');
  if (dot < 0) return null;
  const payload = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1), 'base64');
  for (const secret of secrets) {
    const expected = hmac(secret, payload);
    if (signature.length === expected.length && timingSafeEqual(signature, expected)) {
      return { json: Buffer.from(payload, 'base64').toString('utf8'), secret };
    }
  }
  return null;
}

// "the key is HKDF-SHA256 (RFC 5869) of the secret's UTF-8 bytes, salt `edge-session`, info `edge-session v1 cookie
// seal`, 32 bytes"; "base64url without padding of 0x01 (version) ‖ 24-byte nonce ‖ ciphertext ‖ 16-byte tag";
// "XChaCha20-Poly1305 ..., the associated data the cookie name's bytes, the plaintext the same JSON a signed cookie
// carries".
const sealKey = (secret) =>
  new Uint8Array(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('edge-session'), Buffer.from('edge-session v1 cookie seal'), 32));
function seal(json, secret, cookieName, nonce = randomBytes(24)) {
  const sealed = xchacha20poly1305(sealKey(secret), nonce, Buffer.from(cookieName)).encrypt(Buffer.from(json, 'utf8'));
  return Buffer.concat([Buffer.from([1]), nonce, sealed]).toString('base64url');
}
function unseal(value, secrets, cookieName) {
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.toString('base64url') !== value || bytes[0] !== 1 || bytes.length < 1 + 24 + 16) return null;
  for (const secret of secrets) {
    try {
      const opened = xchacha20poly1305(sealKey(secret), bytes.subarray(1, 25), Buffer.from(cookieName)).decrypt(bytes.subarray(25));
      return { json: Buffer.from(opened).toString('utf8'), secret };
    } catch {
      // the next secret
    }
  }
  return null;
}

// "The first cookie carries the count: `__session=3~<slice 0>`, then `__session.1=<slice 1>` ...". "A session that
// fits one cookie is written exactly as without chunks." The slices are of the header's (percent-encoded) text.
function chunked(name, value, cuts) {
  const slices = [];
  let from = 0;
  for (const to of [...cuts, value.length]) {
    slices.push(value.slice(from, to));
    from = to;
  }
  if (slices.length === 1) return `${name}=${value}`;
  return slices.map((slice, k) => (k === 0 ? `${name}=${slices.length}~${slice}` : `${name}.${k}=${slice}`)).join('; ');
}
/** The joined value of a response's live (not expiring) Set-Cookies of `name`. */
function joined(setCookies, name) {
  const live = new Map();
  for (const header of setCookies) {
    if (/;\s*Max-Age=0/i.test(header)) continue;
    const pair = header.split(';')[0];
    live.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  const first = live.get(name);
  const marker = /^(\d+)~/.exec(first);
  if (!marker) return first;
  let value = first.slice(marker[0].length);
  for (let k = 1; k < Number(marker[1]); k++) value += live.get(`${name}.${k}`);
  return value;
}
const valueOf = (setCookie) => setCookie.split(';')[0].slice(setCookie.indexOf('=') + 1);

// "`"__es__": [created, touched, expires]` (Unix milliseconds; `expires` 0 for none)"; "a session is served until its
// limit's millisecond, never at or after it"; idleness counts from the last write (touched), absoluteTimeout from
// the start (created).
function servedAt(times, now, { idleTimeout, absoluteTimeout }) {
  const [created, touched, expires] = times;
  return (expires === 0 || now < expires) && (!idleTimeout || now < touched + idleTimeout * 1000) && (!absoluteTimeout || now < created + absoluteTimeout * 1000);
}

// "Each call returns 86 base64url characters, a fresh random pad of 43 followed by the pad XOR the secret, character
// by character on their 6-bit values"; the secret is 43 base64url characters under `__csrf`.
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const xorChars = (a, b) => [...a].map((ch, i) => BASE64URL[BASE64URL.indexOf(ch) ^ BASE64URL.indexOf(b[i])]).join('');
const maskCsrf = (secret, pad) => pad + xorChars(secret, pad);
const unmaskCsrf = (token) => xorChars(token.slice(43), token.slice(0, 43));

// "IDs are 40 hex characters: 128 random bits ... and a 32-bit tag of the cookie's name" (Storages; the mix itself:
// Choices, "Server-side storages' ID cookie").
function nameTag(cookieName, random) {
  let h = 0x9e3779b9;
  const text = `${cookieName}\n${random}`;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0).toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded data: JSON values of every kind, keys that are not reserved (`__es__`, `__flash_<key>__`, `__csrf`).

function randomText(r, max) {
  const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '+', '=', '?', '>', 'é', '☃', '😀', '\n', '%', '~', '.'];
  let text = '';
  for (let n = r.int(max); n > 0; n--) text += r.pick(alphabet);
  return text;
}
function randomValue(r, depth = 0) {
  const kind = r.int(depth > 2 ? 4 : 6);
  if (kind === 0) return randomText(r, 12);
  if (kind === 1) return r.int(2 ** 31) - 2 ** 30;
  if (kind === 2) return r.pick([true, false, null, 0.5, -1e-7, 2 ** 53 - 1]);
  if (kind === 3) return `s${r.int(1000)}`;
  if (kind === 4) return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: r.int(4) }, () => [`k${randomText(r, 5)}`, randomValue(r, depth + 1)]));
}
function randomSession(r) {
  const values = {};
  const flash = {};
  for (let n = 1 + r.int(5); n > 0; n--) {
    const value = randomValue(r);
    if (value !== null) values[`v${r.int(100)}${randomText(r, 3)}`] = value;
  }
  for (let n = r.int(3); n > 0; n--) {
    const value = randomValue(r);
    if (value !== null) flash[`f${r.int(100)}`] = value;
  }
  return { values, flash };
}
// "flash entries as `__flash_<key>__`"
const reactRouterJson = ({ values, flash }, times) =>
  JSON.stringify({ ...values, ...(times ? { __es__: times } : {}), ...Object.fromEntries(Object.entries(flash).map(([k, v]) => [`__flash_${k}__`, v])) });
const norm = (value) => JSON.parse(JSON.stringify(value));

const SECRET = 'wire-format-secret-from-the-readme-0123456789';
const OLD = 'the-retired-secret-still-verifying-9876543210';
const START = Date.UTC(2031, 4, 1);
let now = START;
const realNow = Date.now;
beforeEach(() => {
  now = START;
  Date.now = () => now;
});
afterEach(() => {
  Date.now = realNow;
});

// ---------------------------------------------------------------------------------------------------------------

describe('signed cookies (React Router format), from the README', () => {
  it("the README's own example verifies under the secret it names, and edge-session reads it", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Cookie format'), readme.indexOf('## Sealed cookies'));
    const secret = /signed with the secret `([^`]+)`/.exec(section)[1];
    const example = /^__session=([^;\s]+);/m.exec(section)[1];
    const payload = /payload: the JSON of the data, flash entries as `__flash_<key>__` \(`([^`]+)`\)/.exec(section)[1];
    assert.equal(unsign(example, [secret])?.json, payload);
    const session = await createCookieSessionStorage({ cookie: { secrets: [secret] } }).getSession(`__session=${example}`);
    assert.deepEqual([session.get('userId'), session.get('message')], ['mj', 'ok']);
  });

  it('edge-session → ours: the same values, flash under __flash_<key>__, and times [created, touched, expires]', async () => {
    const r = rng(3801);
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET], maxAge: 3600 }, idleTimeout: 600 });
    for (let i = 0; i < 60; i++) {
      now = START + i * 1000;
      const { values, flash } = randomSession(r);
      const session = await storage.getSession(null);
      for (const [k, v] of Object.entries(values)) session.set(k, v);
      for (const [k, v] of Object.entries(flash)) session.flash(k, v);
      const setCookie = await storage.commitSession(session);
      const opened = unsign(valueOf(setCookie), [SECRET]);
      assert.ok(opened, `seed 3801 #${i}: our verifier refused ${setCookie}`);
      const data = JSON.parse(opened.json);
      assert.deepEqual(data.__es__, [now, now, now + 3600 * 1000], `#${i}: times`);
      delete data.__es__;
      assert.deepEqual(data, norm(JSON.parse(reactRouterJson({ values, flash }))), `#${i}`);
    }
  });

  it('ours → edge-session: the same values; flash readable on this request and gone from its commit', async () => {
    const r = rng(3802);
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] } });
    for (let i = 0; i < 60; i++) {
      const { values, flash } = randomSession(r);
      const value = sign(reactRouterJson({ values, flash }), SECRET);
      // Both spellings a client may send: percent-encoded as we write it, and raw (`=`, `+`, `/` are cookie-octets).
      for (const header of [`__session=${percentEncoded(value)}`, `__session=${value}`]) {
        const session = await storage.getSession(header);
        for (const [k, v] of Object.entries(values)) assert.deepEqual(session.get(k), norm(v), `seed 3802 #${i} ${k}`);
        for (const [k, v] of Object.entries(flash)) if (!(k in values)) assert.deepEqual(session.get(k), norm(v), `#${i} flash ${k}`);
        assert.equal(session.dirty, Object.keys(flash).length > 0, `#${i}: a session that arrives with flash is dirty`);
        const after = JSON.parse(unsign(valueOf(await storage.commitSession(session)), [SECRET]).json);
        assert.deepEqual(after, norm(values), `#${i}: the flash is cleared by the commit, the values kept`);
      }
    }
  });

  it('rotation: a cookie we sign with the old secret reads under [new, old] and is re-signed with the new one', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET, OLD] } });
    const fetch = withSession(storage, async (request, { session }) => new Response(String(session.get('userId'))));
    const response = await fetch(new Request('https://app.example/', { headers: { cookie: `__session=${percentEncoded(sign('{"userId":"ada"}', OLD))}` } }));
    assert.equal(await response.text(), 'ada');
    const [setCookie] = response.headers.getSetCookie();
    const opened = unsign(valueOf(setCookie), [SECRET]);
    assert.ok(opened, 'an untouched session read under a retired secret is re-signed with secrets[0]');
    assert.equal(JSON.parse(opened.json).userId, 'ada');
  });

  it('createCookie: any JSON value, in the same signed format', async () => {
    const cookie = createCookie('prefs', { secrets: [SECRET] });
    const r = rng(3803);
    for (let i = 0; i < 30; i++) {
      const value = randomValue(r);
      assert.deepEqual(JSON.parse(unsign(valueOf(await cookie.serialize(value)), [SECRET]).json), norm(value), `seed 3803 #${i}`);
      assert.deepEqual(await cookie.parse(`prefs=${percentEncoded(sign(JSON.stringify(value), SECRET))}`), norm(value), `#${i}`);
    }
  });
});

describe('the times (__es__): our expiry model and edge-session agree to the millisecond', () => {
  it('served or fresh, renewal due, and what a renewal writes (seeded)', async () => {
    const r = rng(3804);
    for (let i = 0; i < 300; i++) {
      const idleTimeout = r.chance(0.6) ? 1 + r.int(100) : undefined;
      const absoluteTimeout = r.chance(0.5) ? 1 + r.int(200) : undefined;
      const maxAge = r.chance(0.6) ? 1 + r.int(150) : undefined;
      const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET], maxAge }, idleTimeout, absoluteTimeout });
      const created = START + i * 10_000_000;
      const touched = created + r.int(100_000);
      const expires = r.chance(0.3) ? 0 : touched + r.int(200_000);
      now = touched + r.int(200_000);
      const times = [created, touched, expires];
      const session = await storage.getSession(`__session=${percentEncoded(sign(JSON.stringify({ k: i, __es__: times }), SECRET))}`);
      const label = `seed 3804 #${i} ${JSON.stringify({ idleTimeout, absoluteTimeout, maxAge, times, at: now - touched })}`;
      const served = servedAt(times, now, { idleTimeout, absoluteTimeout });
      assert.equal(session.get('k') === i, served, label);
      if (!served || !idleTimeout) continue;
      // "touchInterval (default: a quarter of idleTimeout, or of the cookie's maxAge when that is shorter)", in ms.
      const touchInterval = Math.floor((Math.min(idleTimeout, maxAge ?? Infinity) * 1000) / 4);
      assert.equal(session.renewalDue, now - touched >= touchInterval, label);
      if (!session.renewalDue) continue;
      const written = JSON.parse(unsign(valueOf(await storage.commitSession(session)), [SECRET]).json).__es__;
      assert.deepEqual(written, [created, now, maxAge ? now + maxAge * 1000 : 0], `${label}: the renewal`);
    }
  });

  // README (Session lifetime, "The times"): each member a non-negative integer written as a plain JSON integer.
  it('times are integers written plainly: a fraction or an exponent reads as a fresh session, as documented', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] } });
    const read = async (times) => (await storage.getSession(`__session=${percentEncoded(sign(`{"a":1,"__es__":${times}}`, SECRET))}`)).get('a');
    assert.equal(await read(`[${now},${now},${now + 1000}]`), 1);
    assert.equal(await read(`[${now},${now},${now + 1000},${now}]`), 1);
    assert.equal(await read(`[${now}.0,${now},0]`), undefined);
    assert.equal(await read(`[${now / 1000}e3,${now},0]`), undefined);
    assert.equal(await read(`[${now},${now},0,0]`), undefined);
  });
});

describe('sealed cookies, from the README', () => {
  it('edge-session → ours and ours → edge-session, with rotation and the name bound', async () => {
    const r = rng(3805);
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET, OLD] }, encrypt: true });
    for (let i = 0; i < 40; i++) {
      const { values, flash } = randomSession(r);
      const session = await storage.getSession(null);
      for (const [k, v] of Object.entries(values)) session.set(k, v);
      for (const [k, v] of Object.entries(flash)) session.flash(k, v);
      const opened = unseal(valueOf(await storage.commitSession(session)), [SECRET], '__session');
      assert.equal(opened?.secret, SECRET, `seed 3805 #${i}: sealed with secrets[0]`);
      assert.deepEqual(JSON.parse(opened.json), norm(JSON.parse(reactRouterJson({ values, flash }))), `#${i}`);

      const ours = await storage.getSession(`__session=${seal(reactRouterJson({ values, flash: {} }), OLD, '__session')}`);
      for (const [k, v] of Object.entries(values)) assert.deepEqual(ours.get(k), norm(v), `#${i} ${k}`);
      assert.equal(ours.renewalDue, true, `#${i}: opened with a retired secret`);
      assert.equal(unseal(valueOf(await storage.commitSession(ours)), [SECRET], '__session')?.secret, SECRET, `#${i}: re-sealed`);
    }
    const elsewhere = await storage.getSession(`__session=${seal('{"a":1}', SECRET, '__other')}`);
    assert.equal(elsewhere.get('a'), undefined, 'a value sealed for another name opens nothing');
    const signedOne = await storage.getSession(`__session=${percentEncoded(sign('{"a":1}', SECRET))}`);
    assert.equal(signedOne.get('a'), undefined, 'a signed cookie where a sealed one is expected');
  });

  it("createCookie({ encrypt: true }): the value's JSON, sealed under the cookie's name", async () => {
    const cookie = createCookie('vault', { secrets: [SECRET], encrypt: true });
    assert.deepEqual(JSON.parse(unseal(valueOf(await cookie.serialize({ a: [1, 'é'] })), [SECRET], 'vault').json), { a: [1, 'é'] });
    assert.deepEqual(await cookie.parse(`vault=${seal('[true,{"b":null}]', SECRET, 'vault')}`), [true, { b: null }]);
  });
});

describe('chunked cookies, from the README', () => {
  const big = (r) => ({ values: { big: randomText(r, 6000), n: r.int(1000) }, flash: {} });

  for (const encrypt of [false, true]) {
    it(`${encrypt ? 'sealed' : 'signed'}: edge-session's chunks join to one value; ours, cut anywhere (inside a %XX too), read back, old secret included`, async () => {
      const r = rng(encrypt ? 3806 : 3807);
      const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET, OLD] }, chunks: 5, encrypt });
      const open = (value, secrets) => (encrypt ? unseal(value, secrets, '__session') : unsign(value, secrets));
      for (let i = 0; i < 12; i++) {
        const data = big(r);
        const session = await storage.getSession(null);
        for (const [k, v] of Object.entries(data.values)) session.set(k, v);
        const headers = await storage.commitSessionHeaders(session);
        assert.deepEqual(JSON.parse(open(joined(headers, '__session'), [SECRET]).json), data.values, `#${i}`);

        const secret = i % 2 ? OLD : SECRET;
        const value = encrypt ? seal(JSON.stringify(data.values), secret, '__session') : percentEncoded(sign(JSON.stringify(data.values), secret));
        const cuts = [];
        let at = 0;
        for (let k = 0; k < 1 + r.int(3); k++) cuts.push((at += 1 + r.int(3500)));
        const header = chunked('__session', value, cuts.filter((cut) => cut < value.length));
        const fetch = withSession(storage, async (request, { session: s }) => new Response(JSON.stringify([s.get('big'), s.get('n')])));
        const response = await fetch(new Request('https://app.example/', { headers: { cookie: header } }));
        assert.deepEqual(JSON.parse(await response.text()), [data.values.big, data.values.n], `#${i} cuts ${cuts}`);
        if (secret === OLD) {
          const reissued = open(joined(response.headers.getSetCookie(), '__session'), [SECRET]);
          assert.deepEqual(JSON.parse(reissued.json), data.values, `#${i}: re-issued under secrets[0]`);
        }
      }
    });
  }

  // RFC 6265 cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ); README (Choices): "parse follows RFC
  // 6265: a quoted value (c="...") is read". Python's http.cookies quotes a value holding `/` or `=`, so a Python
  // service writing raw (not percent-encoded) base64 chunks sends each one quoted.
  it('quoted chunks are read as a quoted single cookie is', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] }, chunks: 3 });
    const raw = sign(JSON.stringify({ big: '?>'.repeat(2500) }), SECRET);
    const single = await storage.getSession(`__session="${sign('{"a":1}', SECRET)}"`);
    assert.equal(single.get('a'), 1, 'one quoted cookie');
    const header = `__session="2~${raw.slice(0, 3000)}"; __session.1="${raw.slice(3000)}"`;
    assert.equal((await storage.getSession(header)).get('big')?.length, 5000, 'quoted chunks');
  });

  // README (chunks): the count is 2 to `chunks`, in decimal without a leading zero.
  it('counts the README refuses: 1~, 03~, and one past `chunks`', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] }, chunks: 3 });
    const value = percentEncoded(sign(JSON.stringify({ big: 'x'.repeat(5000) }), SECRET));
    const read = async (header) => (await storage.getSession(header)).get('big')?.length;
    assert.equal(await read(`__session=2~${value.slice(0, 3000)}; __session.1=${value.slice(3000)}`), 5000);
    assert.equal(await read(`__session=1~${value}`), undefined);
    assert.equal(await read(`__session=02~${value.slice(0, 3000)}; __session.1=${value.slice(3000)}`), undefined);
    assert.equal(await read(`__session=4~${value.slice(0, 2000)}; __session.1=${value.slice(2000, 4000)}; __session.2=${value.slice(4000, 6000)}; __session.3=${value.slice(6000)}`), undefined);
  });
});

describe('Remix v3 format, from the README', () => {
  it('commitSession/getSession: {"i":id,"d":[values,flash]}, signed, not percent-encoded; rotation', async () => {
    const r = rng(3808);
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET, OLD] }, format: 'remix-v3' });
    for (let i = 0; i < 40; i++) {
      const { values, flash } = randomSession(r);
      const session = await storage.getSession(null);
      for (const [k, v] of Object.entries(values)) session.set(k, v);
      for (const [k, v] of Object.entries(flash)) session.flash(k, v);
      const value = valueOf(await storage.commitSession(session));
      assert.doesNotMatch(value, /%/, `#${i}: not percent-encoded`);
      const payload = JSON.parse(unsign(value, [SECRET]).json);
      assert.equal(payload.i, session.id);
      assert.deepEqual(payload.d, [norm(values), norm(flash)], `seed 3808 #${i}`);

      const id = `id${i}`;
      const ours = await storage.getSession(`__session=${sign(JSON.stringify({ i: id, d: [values, flash] }), i % 2 ? OLD : SECRET)}`);
      assert.equal(ours.id, id);
      for (const [k, v] of Object.entries({ ...flash, ...values })) assert.deepEqual(ours.get(k), norm(v), `#${i} ${k}`);
      assert.equal(ours.renewalDue, i % 2 === 1, `#${i}`);
      const after = JSON.parse(unsign(valueOf(await storage.commitSession(ours)), [SECRET]).json);
      assert.deepEqual(after, { i: id, d: [norm(values), {}] }, `#${i}: flash cleared, re-signed with secrets[0]`);
    }
  });

  for (const encrypt of [false, true]) {
    it(`read/save under Remix's own Cookie${encrypt ? ', sealed by our storage' : ''}`, async () => {
      const remixCookie = remixCreateCookie('__session', { secrets: [SECRET] });
      const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] }, format: 'remix-v3', encrypt });
      const session = await storage.read(null);
      session.set('a', 'é');
      session.flash('f', 1);
      const wire = valueOf(await remixCookie.serialize(await storage.save(session)));
      const inner = unsign(wire, [SECRET]).json;
      const payload = JSON.parse(encrypt ? unseal(inner, [SECRET], '__session').json : inner);
      assert.deepEqual([payload.i, payload.d[0].a, payload.d[1]], [session.id, 'é', { f: 1 }]);

      const json = JSON.stringify({ i: 'go-service', d: [{ b: 2 }, { g: 'h' }] });
      const ours = await storage.read(await remixCookie.parse(`__session=${sign(encrypt ? seal(json, SECRET, '__session') : json, SECRET)}`));
      assert.deepEqual([ours.id, ours.get('b'), ours.get('g')], ['go-service', 2, 'h']);
    });
  }
});

describe('server-side ID cookies and CSRF tokens, from the README', () => {
  it("an ID cookie holds the JSON string of a 40-hex ID whose last 8 are the name's tag; sealed too", async () => {
    for (const encrypt of [false, true]) {
      const storage = createMemorySessionStorage({ cookie: { name: 'sid', secrets: [SECRET] }, encrypt });
      const session = await storage.getSession(null);
      session.set('a', 1);
      const value = valueOf(await storage.commitSession(session));
      const id = JSON.parse((encrypt ? unseal(value, [SECRET], 'sid') : unsign(value, [SECRET])).json);
      assert.equal(id, session.id);
      assert.match(id, /^[0-9a-f]{40}$/);
      assert.equal(id.slice(32), nameTag('sid', id.slice(0, 32)), 'the tag of the README');
    }
  });

  it('a session minted by another service: a KV record under an ID of ours, its cookie signed by us', async () => {
    const kv = mapKVWithMetadata();
    const storage = createWorkersKVSessionStorage({ cookie: { secrets: [SECRET], maxAge: 3600 }, kv });
    const random = randomBytes(16).toString('hex');
    const id = random + nameTag('__session', random);
    await kv.put(`session:${id}`, JSON.stringify({ userId: 'from-go', __es__: [now, now, now + 3600_000] }), { metadata: { expires: now + 3600_000 } });
    const session = await storage.getSession(`__session=${percentEncoded(sign(JSON.stringify(id), SECRET))}`);
    assert.deepEqual([session.id, session.get('userId')], [id, 'from-go']);
    const renamed = random + nameTag('__other', random);
    await kv.put(`session:${renamed}`, JSON.stringify({ userId: 'x' }));
    assert.equal((await storage.getSession(`__session=${percentEncoded(sign(JSON.stringify(renamed), SECRET))}`)).get('userId'), undefined, "another cookie's tag");
  });

  it("CSRF: edge-session's token unmasks to the cookie's __csrf; a token we mask passes its check", async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] } });
    const session = await storage.getSession(null);
    const token = csrfToken(session);
    assert.match(token, /^[A-Za-z0-9_-]{86}$/);
    const cookie = (await storage.commitSession(session)).split(';')[0];
    const secret = JSON.parse(unsign(valueOf(cookie), [SECRET]).json).__csrf;
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(unmaskCsrf(token), secret);
    const fetch = withSession(storage, async () => new Response('ok'), { csrf: true });
    const post = (cookieHeader, csrf) =>
      fetch(new Request('https://app.example/save', { method: 'POST', headers: { cookie: cookieHeader, 'sec-fetch-site': 'same-origin', 'x-csrf-token': csrf } }));
    assert.equal((await post(cookie, maskCsrf(secret, 'Q'.repeat(43)))).status, 200);
    const minted = 'Go-service-minted-csrf-secret-0123456789_-A';
    const mintedCookie = `__session=${percentEncoded(sign(JSON.stringify({ __csrf: minted }), SECRET))}`;
    assert.equal((await post(mintedCookie, maskCsrf(minted, randomBytes(32).toString('base64url').slice(0, 43)))).status, 200);
    assert.equal((await post(mintedCookie, maskCsrf(secret, 'Q'.repeat(43)))).status, 403);
  });
});
