// Compatibility both ways with the real react-router package: the same cookie
// name and secrets on both sides, cookies passed across as a browser would.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createCookie as theirCreateCookie,
  createCookieSessionStorage as theirCookieSessionStorage,
} from 'react-router';
import { createCookie, createCookieSessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

const cookieOptions = { name: '__session', secrets: ['s3cr3t'], httpOnly: true };
const theirs = () => theirCookieSessionStorage({ cookie: cookieOptions });
const ours = () => createCookieSessionStorage({ cookie: cookieOptions });

const values = {
  userId: 'mj',
  greeting: 'héllo ✓ 日本',
  nested: { user: { id: 7, name: 'Zoë', roles: ['admin', 'éditeur'] }, list: [1, [2, [3]]], flag: false, none: null },
  count: 12.5,
};

describe('react-router cookie sessions read by edge-session', () => {
  it('reads their values (non-ASCII, nested) and their flash, visible via get', async () => {
    const writer = theirs();
    const theirSession = await writer.getSession(null);
    for (const [key, value] of Object.entries(values)) theirSession.set(key, value);
    theirSession.flash('message', 'enregistré ✓');
    theirSession.flash('details', { code: 201, items: ['a', 'ü'] });
    const header = cookiePair(await writer.commitSession(theirSession));

    const session = await ours().getSession(header);
    for (const [key, value] of Object.entries(values)) assert.deepEqual(session.get(key), value, key);
    assert.equal(session.get('message'), 'enregistré ✓');
    assert.deepEqual(session.get('details'), { code: 201, items: ['a', 'ü'] });
    assert.equal(session.has('message'), true);
    assert.equal(session.dirty, true, 'arriving flash must be cleared by a commit');
    assert.equal(session.size, Object.keys(values).length + 2);
  });

  // Issue 10.1: data of exactly { i: string, d: array } (a form's fields i
  // and d) was read as a Remix v3 payload, so d[0] chose the session's keys.
  it('format confusion: their { i, d } data reads back as their data, as react-router reads it', async () => {
    const writer = theirs();
    const theirSession = await writer.getSession(null);
    theirSession.set('i', 'user-7');
    theirSession.set('d', [{ role: 'admin' }, { message: 'hi' }]);
    const header = cookiePair(await writer.commitSession(theirSession));

    const session = await ours().getSession(header);
    assert.equal(session.get('role'), undefined);
    assert.equal(session.get('message'), undefined);
    assert.equal(session.get('i'), 'user-7');
    assert.deepEqual(session.get('d'), [{ role: 'admin' }, { message: 'hi' }]);
    assert.equal(session.id, '');
    assert.deepEqual(session.data, (await writer.getSession(header)).data);
  });

  it('drops their flash when our commit follows, and theirs then sees it gone', async () => {
    const writer = theirs();
    const theirSession = await writer.getSession(null);
    theirSession.set('userId', 'mj');
    theirSession.flash('message', 'ok');
    const storage = ours();
    const session = await storage.getSession(cookiePair(await writer.commitSession(theirSession)));
    const header = cookiePair(await storage.commitSession(session));

    const back = await writer.getSession(header);
    assert.equal(back.get('message'), undefined);
    assert.equal(back.get('userId'), 'mj');
  });

  it('accepts the cookie their destroySession leaves as a fresh session', async () => {
    const writer = theirs();
    const theirSession = await writer.getSession(null);
    theirSession.set('userId', 'mj');
    const setCookie = await writer.destroySession(theirSession);
    assert.match(setCookie, /^__session=; /);

    const session = await ours().getSession(cookiePair(setCookie));
    assert.equal(session.size, 0);
    assert.equal(session.dirty, false);
    assert.equal(session.get('userId'), undefined);
  });

  // Regression: JSON.stringify writes half an emoji as the escape \ud83d; the core's JSON parser
  // rejected it, so such a cookie read as an empty session (a migrating user logged out).
  it('reads a value holding a lone surrogate (half an emoji) exactly as they wrote it', async () => {
    const writer = theirs();
    const theirSession = await writer.getSession(null);
    const halfEmoji = 'cut 😀'.slice(0, -1);
    theirSession.set('title', halfEmoji);
    theirSession.set('userId', 'mj');
    const header = cookiePair(await writer.commitSession(theirSession));

    const storage = ours();
    const session = await storage.getSession(header);
    assert.equal(session.get('title'), halfEmoji);
    assert.equal(session.get('userId'), 'mj');
    // And what we commit back, they read back unchanged.
    session.set('seen', true);
    const back = await writer.getSession(cookiePair(await storage.commitSession(session)));
    assert.equal(back.get('title'), halfEmoji);
  });

  it('reads a cookie they signed with a secret we keep for rotation', async () => {
    const writer = theirCookieSessionStorage({ cookie: { name: '__session', secrets: ['old'] } });
    const theirSession = await writer.getSession(null);
    theirSession.set('userId', 'mj');
    const header = cookiePair(await writer.commitSession(theirSession));

    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['new', 'old'] } });
    assert.equal((await storage.getSession(header)).get('userId'), 'mj');
  });
});

describe('edge-session cookie sessions read by react-router', () => {
  it('their getSession reads our values (non-ASCII, nested) and consumes our flash with get', async () => {
    const storage = ours();
    const session = await storage.getSession(null);
    for (const [key, value] of Object.entries(values)) session.set(key, value);
    session.flash('message', 'enregistré ✓');
    const header = cookiePair(await storage.commitSession(session));

    const reader = theirs();
    const theirSession = await reader.getSession(header);
    for (const [key, value] of Object.entries(values)) assert.deepEqual(theirSession.get(key), value, key);
    assert.equal(theirSession.has('message'), true);
    assert.equal(theirSession.get('message'), 'enregistré ✓');
    assert.equal(theirSession.get('message'), undefined, 'their get consumes the flash');

    const after = await reader.getSession(cookiePair(await reader.commitSession(theirSession)));
    assert.equal(after.has('message'), false);
    assert.equal(after.get('userId'), 'mj');
  });

  it('their getSession reads our destroyed session\'s cookie as empty', async () => {
    const storage = ours();
    const session = await storage.getSession(null);
    session.set('userId', 'mj');
    const setCookie = await storage.destroySession(session);
    const theirSession = await theirs().getSession(cookiePair(setCookie));
    assert.deepEqual(theirSession.data, {});
  });
});

describe('react-router byte-identical Set-Cookie', () => {
  const reference =
    '__session=eyJ1c2VySWQiOiJtaiIsIl9fZmxhc2hfbWVzc2FnZV9fIjoib2sifQ%3D%3D.Xsdv%2FCFpOcGi1w0FnuP%2FcpIIBlJY9yEMPjD%2Bn%2Bed4Zk; Path=/; HttpOnly; SameSite=Lax';

  async function setUserAndFlash(storage) {
    const session = await storage.getSession(null);
    session.set('userId', 'mj');
    session.flash('message', 'ok');
    return storage.commitSession(session);
  }

  it('writes the reference bytes for set userId mj + flash message ok with httpOnly', async () => {
    assert.equal(await setUserAndFlash(ours()), reference);
  });

  it('react-router writes the same bytes', async () => {
    assert.equal(await setUserAndFlash(theirs()), reference);
  });

  it('reads the reference bytes', async () => {
    const session = await ours().getSession(cookiePair(reference));
    assert.equal(session.get('userId'), 'mj');
    assert.equal(session.get('message'), 'ok');
  });

  it('matches theirs for non-ASCII, nested values and commit options without an expiry', async () => {
    const commitOptions = { domain: 'example.com', secure: true, sameSite: 'strict' };
    const results = [];
    for (const storage of [ours(), theirs()]) {
      const session = await storage.getSession(null);
      for (const [key, value] of Object.entries(values)) session.set(key, value);
      session.flash('details', { ok: 'ü' });
      results.push(await storage.commitSession(session, commitOptions));
    }
    assert.equal(results[0], results[1]);
  });

  // Issue 11: with an expiry, ours carries its times in the signed payload
  // ("__es__": [created, touched, expires], Unix ms); react-router reads it as one
  // more value, and everything else as it wrote it.
  it('with an expiry, they read our cookie with its times under __es__ and every value as theirs', async () => {
    const commitOptions = { maxAge: 3600, domain: 'example.com', secure: true };
    const ourSession = await ours().getSession(null);
    for (const [key, value] of Object.entries(values)) ourSession.set(key, value);
    const ourSetCookie = await ours().commitSession(ourSession, commitOptions);
    assert.match(ourSetCookie, /; Max-Age=3600/);
    const read = await theirs().getSession(cookiePair(ourSetCookie));
    const { __es__: times, ...data } = read.data;
    assert.deepEqual(data, values);
    const now = Date.now(); // Unix ms
    assert.ok(Array.isArray(times) && times.length === 3);
    assert.ok(Math.abs(times[0] - now) <= 2000 && Math.abs(times[1] - now) <= 2000 && times[2] - times[1] === 3_600_000, String(times));
  });

  it('a session read from their cookie and committed untouched matches their commit', async () => {
    const writer = theirs();
    const seed = await writer.getSession(null);
    seed.set('userId', 'mj');
    seed.flash('message', 'ok');
    const header = cookiePair(await writer.commitSession(seed));

    const ourSession = await ours().getSession(header);
    const theirSession = await writer.getSession(header);
    theirSession.get('message'); // in React Router only a read removes the flash
    assert.equal(await ours().commitSession(ourSession), await writer.commitSession(theirSession));
  });
});

describe('react-router createCookie values both ways', () => {
  const cookieValues = [
    ['a string', 'hello'],
    ['a non-ASCII string', 'héllo ✓ 日本 🍪'],
    ['an object', { user: { id: 1, name: 'Zoë' }, list: [1, 2], ok: true }],
    ['true', true],
    ['false', false],
    ['a number', 42],
    ['an array', ['a', 1, null]],
    ['the empty string', ''],
  ];

  for (const secrets of [[], ['s3cr3t']]) {
    const label = secrets.length ? 'signed' : 'unsigned';
    for (const [name, value] of cookieValues) {
      it(`their serialize of ${name} (${label}) is read by our parse`, async () => {
        const header = cookiePair(await theirCreateCookie('c', { secrets }).serialize(value));
        assert.deepEqual(await createCookie('c', { secrets }).parse(header), value);
      });

      it(`our serialize of ${name} (${label}) is read by their parse`, async () => {
        const header = cookiePair(await createCookie('c', { secrets }).serialize(value));
        assert.deepEqual(await theirCreateCookie('c', { secrets }).parse(header), value);
      });

      it(`our serialize of ${name} (${label}) is byte-identical to theirs`, async () => {
        const options = { secrets, path: '/app', maxAge: 60, httpOnly: true, sameSite: 'strict', priority: 'low' };
        assert.equal(await createCookie('c', options).serialize(value), await theirCreateCookie('c', options).serialize(value));
      });
    }
  }

  it('their cookie signed with an old secret is read by ours during rotation, and vice versa', async () => {
    const header = cookiePair(await theirCreateCookie('c', { secrets: ['old'] }).serialize('v'));
    assert.equal(await createCookie('c', { secrets: ['new', 'old'] }).parse(header), 'v');
    const ourHeader = cookiePair(await createCookie('c', { secrets: ['old'] }).serialize('v'));
    assert.equal(await theirCreateCookie('c', { secrets: ['new', 'old'] }).parse(ourHeader), 'v');
  });

  it('neither side accepts the other\'s cookie under a different secret', async () => {
    const theirHeader = cookiePair(await theirCreateCookie('c', { secrets: ['a'] }).serialize('v'));
    assert.equal(await createCookie('c', { secrets: ['b'] }).parse(theirHeader), null);
    const ourHeader = cookiePair(await createCookie('c', { secrets: ['a'] }).serialize('v'));
    assert.equal(await theirCreateCookie('c', { secrets: ['b'] }).parse(ourHeader), null);
  });
});
