// Untrusted input never throws: every malformed, tampered or foreign Cookie
// header yields a fresh, empty, clean session. Where a case needs a valid
// signature, node:crypto signs it so only the named defect is wrong.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { base64, cookiePair, sign, signedCookieHeader } from './support.js';

const secret = 's3cr3t';
const cookie = { name: '__session', secrets: [secret] };

/** A payload holding { userId: 'mj' } in each format. */
const genuinePayloads = {
  'react-router': (data) => JSON.stringify(data),
  'remix-v3': (data) => JSON.stringify({ i: 'a'.repeat(32), d: [data, {}] }),
};

/** A genuine cookie of ours holding { userId: 'mj' } (percent-decoded: "payload.signature"). */
function genuineValue(format) {
  return decodeURIComponent(
    cookiePair(signedCookieHeader('__session', genuinePayloads[format]({ userId: 'mj' }), secret)).slice('__session='.length),
  );
}
const validValue = genuineValue('react-router');

/** Replaces the character at `index` with a different base64 character. */
function flipChar(text, index) {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

const casesFor = (validValue, payload) => [
  ['a missing header (undefined)', undefined],
  ['a missing header (null)', null],
  ['an empty header', ''],
  ['a header that is not a string', 42],
  ['a header without our cookie', 'other=1; theme=dark; __session_x=1'],
  ['our cookie with an empty value', '__session='],
  ['a tampered payload', `__session=${encodeURIComponent(flipChar(validValue, 3))}`],
  ['a tampered signature', `__session=${encodeURIComponent(flipChar(validValue, validValue.length - 5))}`],
  ['a signature of the wrong length', `__session=${encodeURIComponent(validValue.slice(0, -4))}`],
  ['a cookie signed with the wrong secret', signedCookieHeader('__session', payload({ userId: 'mj' }), 'wrong')],
  ['a truncated value', `__session=${encodeURIComponent(validValue.slice(0, Math.floor(validValue.length / 2)))}`],
  ['a value with no signature separator', `__session=${base64(payload({ userId: 'mj' })).replaceAll('=', '')}`],
  ['a non-base64 payload (validly signed)', `__session=${encodeURIComponent(sign('not*base64!', secret))}`],
  ['a non-base64 signature (%^&)', `__session=${encodeURIComponent(validValue)}%^&`],
  ['a signature of only non-base64 characters', `__session=${encodeURIComponent(validValue.slice(0, validValue.lastIndexOf('.')))}.%25%5E%26`],
  [
    'an invalid UTF-8 payload (validly signed)',
    `__session=${encodeURIComponent(sign(base64(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), secret))}`,
  ],
  [
    'an overlong UTF-8 encoding (validly signed)',
    `__session=${encodeURIComponent(sign(base64(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])), secret))}`,
  ],
  ['invalid JSON (validly signed)', signedCookieHeader('__session', '{"userId": mj', secret)],
  ['JSON with trailing garbage (validly signed)', signedCookieHeader('__session', '{"userId":"mj"} x', secret)],
  ['JSON followed by a NUL byte and garbage (validly signed)', signedCookieHeader('__session', '{"userId":"mj"}\u0000junk', secret)],
  ['an empty payload (validly signed)', `__session=${encodeURIComponent(sign('', secret))}`],
  ['a JSON array (validly signed)', signedCookieHeader('__session', '[1,2]', secret)],
  ['a JSON string (validly signed)', signedCookieHeader('__session', '"str"', secret)],
  ['a JSON number (validly signed)', signedCookieHeader('__session', '42', secret)],
  ['JSON null (validly signed)', signedCookieHeader('__session', 'null', secret)],
  ['JSON true (validly signed)', signedCookieHeader('__session', 'true', secret)],
  ['an oversized cookie over 4096 bytes (validly signed)', signedCookieHeader('__session', payload({ pad: 'x'.repeat(3200) }), secret)],
  [
    // Past 64 KiB only the session's own cookies are read (tests/js/cookie-header-crowded-by-other-cookies); past
    // 1 MiB nothing is.
    'an oversized header over 1 MiB (with our valid cookie in it)',
    `pad=${'x'.repeat(1024 * 1024)}; __session=${encodeURIComponent(validValue)}`,
  ],
  ['an unsigned cookie when secrets are configured', `__session=${encodeURIComponent(base64(payload({ userId: 'mj' })))}`],
  ['a duplicated cookie name whose first value is invalid (first wins)', `__session=forged; __session=${encodeURIComponent(validValue)}`],
  ['malformed percent escapes', '__session=%zz%4%'],
  ['garbage bytes', '__session=\u0000\u0001\u007f\u00ff\ud800\udfff\uffff;;;===;\t;__session'],
  ['only separators', ';;; ; =;=='],
  ['random binary as latin1', `__session=${Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256)).toString('latin1')}`],
];

for (const format of ['react-router', 'remix-v3']) {
  describe(`Bad input to the cookie storage (${format} format)`, () => {
    const storage = createCookieSessionStorage({ cookie, format });
    const payload = genuinePayloads[format];
    const validValue = genuineValue(format);

    for (const [label, header] of casesFor(validValue, payload)) {
      it(`${label} gives a fresh empty session`, async () => {
        const session = await storage.getSession(header);
        assert.equal(session.size, 0);
        assert.equal(session.dirty, false);
        assert.equal(session.destroyed, false);
        assert.equal(session.get('userId'), undefined);
        assert.deepEqual(session.data, {});
        if (format === 'react-router') assert.equal(session.id, '');
        else assert.match(session.id, /^[0-9a-f]{32}$/);
        session.dispose();
      });
    }

    it('the genuine cookie the cases start from is read (so each case fails for its own defect only)', async () => {
      const session = await storage.getSession(`__session=${encodeURIComponent(validValue)}`);
      assert.equal(session.get('userId'), 'mj');
    });

    it('a cookie just under 4096 bytes and one in a header just under 64 KiB are read', async () => {
      const json = payload({ pad: 'x'.repeat(2900) });
      const header = signedCookieHeader('__session', json, secret);
      assert.ok(header.length - '__session='.length <= 4096);
      assert.equal((await storage.getSession(header)).get('pad').length, 2900);
      const bigHeader = `pad=${'x'.repeat(64 * 1024 - header.length - 10)}; ${header}`;
      assert.ok(bigHeader.length <= 64 * 1024);
      assert.equal((await storage.getSession(bigHeader)).get('pad').length, 2900);
    });

    it('a duplicated cookie name: the first value wins', async () => {
      const first = signedCookieHeader('__session', payload({ userId: 'first' }), secret);
      const second = signedCookieHeader('__session', payload({ userId: 'second' }), secret);
      const session = await storage.getSession(`${first}; ${second}`);
      assert.equal(session.get('userId'), 'first');
    });
  });
}

describe('Bad input to createCookie parse', () => {
  const cookieWithSecret = () => createCookie('c', { secrets: [secret] });

  for (const [label, json] of [
    ['invalid JSON', '{"a": mj'],
    ['JSON followed by a NUL byte and garbage', '"ok"\u0000junk'],
    ['invalid UTF-8', Buffer.from([0x22, 0xff, 0x22])],
  ]) {
    it(`a validly signed value holding ${label} parses as null`, async () => {
      const header = `c=${encodeURIComponent(sign(base64(json), secret))}`;
      assert.equal(await cookieWithSecret().parse(header), null);
    });
  }

  it('garbage bytes parse as null', async () => {
    assert.equal(await cookieWithSecret().parse('c=\u0000\ud800\uffff;;=='), null);
  });
});

describe('Bad input to the memory storage', () => {
  it('a forged (validly signed) unknown id gives a fresh session with id "", and its commit creates a new id', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const forgedId = issueSessionId('__session', 'f'.repeat(32)); // of this cookie: the store is asked for it
    const forged = signedCookieHeader('__session', JSON.stringify(forgedId), secret);

    const session = await storage.getSession(forged);
    assert.equal(session.id, '');
    assert.equal(session.size, 0);
    assert.equal(session.dirty, false);

    session.set('userId', 'mj');
    const next = await storage.getSession(cookiePair(await storage.commitSession(session)));
    assert.match(next.id, /^[0-9a-f]{40}$/);
    assert.notEqual(next.id, forgedId);
    assert.equal(next.get('userId'), 'mj');
    assert.equal((await storage.getSession(forged)).size, 0, 'the client\'s id was never stored');
  });

  it('a destroyed session\'s id is unknown afterwards and is not adopted again', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'mj');
    const header = cookiePair(await storage.commitSession(session));
    const loaded = await storage.getSession(header);
    const oldId = loaded.id;
    await storage.destroySession(loaded);

    const again = await storage.getSession(header);
    assert.equal(again.id, '');
    assert.equal(again.size, 0);
    again.set('x', 1);
    const fresh = await storage.getSession(cookiePair(await storage.commitSession(again)));
    assert.notEqual(fresh.id, oldId);
  });

  // The tampered and unsigned cookies name a session the storage holds: a storage taking them would read it.
  const signedIdValue = (id) => decodeURIComponent(cookiePair(signedCookieHeader('__session', JSON.stringify(id), secret)).slice('__session='.length));
  for (const [label, headerFor] of [
    ['a tampered id cookie', (id) => `__session=${encodeURIComponent(flipChar(signedIdValue(id), signedIdValue(id).length - 5))}`],
    ['an id cookie holding an object', () => signedCookieHeader('__session', '{"id":"x"}', secret)],
    ['an id cookie holding a number', () => signedCookieHeader('__session', '42', secret)],
    ['an id cookie holding invalid JSON', () => signedCookieHeader('__session', '"unterminated', secret)],
    ['an unsigned id cookie', (id) => `__session=${encodeURIComponent(base64(JSON.stringify(id)))}`],
    ['garbage bytes', () => '__session=\u0000\ud800\uffff;;=='],
  ]) {
    it(`${label} gives a fresh session with id ""`, async () => {
      const storage = createMemorySessionStorage({ cookie });
      const stored = await storage.getSession(null);
      stored.set('userId', 'mj');
      const { id } = await storage.getSession(cookiePair(await storage.commitSession(stored)));
      const session = await storage.getSession(headerFor(id));
      assert.equal(session.id, '');
      assert.equal(session.size, 0);
      assert.equal(session.dirty, false);
    });
  }
});
