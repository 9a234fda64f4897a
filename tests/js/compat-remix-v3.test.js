// Compatibility both ways with Remix v3: @remix-run/session's cookie storage
// (read(cookieValue) / save(session)) behind @remix-run/cookie's signed
// cookie. Their cookie value is raw base64, not URL-encoded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie as theirCreateCookie } from '@remix-run/cookie';
import { createCookieSessionStorage as theirCookieSessionStorage } from '@remix-run/session/cookie-storage';
import { createCookieSessionStorage } from 'edge-session';
import { cookiePair, cookieValue } from './support.js';

const name = '__session';
const secrets = ['s3cr3t'];
const theirCookie = () => theirCreateCookie(name, { secrets });
const oursV3 = () => createCookieSessionStorage({ cookie: { name, secrets }, format: 'remix-v3' });
const oursDefault = () => createCookieSessionStorage({ cookie: { name, secrets } });

const values = {
  userId: 'mj',
  greeting: 'héllo ✓ 日本',
  nested: { user: { id: 7, name: 'Zoë', roles: ['admin', 'éditeur'] }, list: [1, [2]], none: null },
  flag: true,
};

/** One Remix v3 request: read the Cookie header, let `handle` work, save; the next Cookie header, or null. */
async function theirRequest(header, handle) {
  const cookie = theirCookie();
  const storage = theirCookieSessionStorage();
  const session = await storage.read(await cookie.parse(header));
  await handle(session);
  const saved = await storage.save(session);
  return saved == null ? null : cookiePair(await cookie.serialize(saved));
}

describe('Remix v3 cookie sessions read by edge-session', () => {
  for (const [label, makeStorage] of [['the remix-v3 storage', oursV3]]) {
    it(`${label} reads their values and flash, and keeps their id as session.id`, async () => {
      let theirId;
      const header = await theirRequest(null, (session) => {
        theirId = session.id;
        for (const [key, value] of Object.entries(values)) session.set(key, value);
        session.flash('message', 'enregistré ✓');
      });
      assert.doesNotMatch(header, /%/, 'Remix v3 does not URL-encode the value');

      const session = await makeStorage().getSession(header);
      assert.equal(session.id, theirId);
      for (const [key, value] of Object.entries(values)) assert.deepEqual(session.get(key), value, key);
      assert.equal(session.get('message'), 'enregistré ✓');
      assert.equal(session.dirty, true);
    });
  }

  it('reads the reference bytes of §2.2', async () => {
    const reference =
      '__session=eyJpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIiwiZCI6W3sidXNlcklkIjoibWoifSx7Im1lc3NhZ2UiOiJvayJ9XX0=.O+HAgF9G9Iwgg4ITqratAPByKjUZzxtRxqdeMbNr8Tw';
    const session = await oursV3().getSession(reference);
    assert.equal(session.id, '00000000-0000-4000-8000-000000000000');
    assert.equal(session.get('userId'), 'mj');
    assert.equal(session.get('message'), 'ok');
    assert.equal(session.size, 2);
  });

  // Issue 10.1: formats were told apart by shape, so React Router data that
  // happened to be { i, d } was read as Remix v3. Each storage now reads its
  // own format: the default (React Router) storage reads their cookie as
  // react-router itself would, plain data with keys "i" and "d".
  it('format confusion: the default storage reads their cookie as React Router data, never their session', async () => {
    const reference =
      '__session=eyJpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIiwiZCI6W3sidXNlcklkIjoibWoifSx7Im1lc3NhZ2UiOiJvayJ9XX0=.O+HAgF9G9Iwgg4ITqratAPByKjUZzxtRxqdeMbNr8Tw';
    const session = await oursDefault().getSession(reference);
    assert.equal(session.id, '');
    assert.equal(session.get('userId'), undefined);
    assert.equal(session.get('message'), undefined);
    assert.equal(session.get('i'), '00000000-0000-4000-8000-000000000000');
    assert.equal(session.dirty, false);
  });

  it('drops their flash at our commit; they then see it gone and the values and id kept', async () => {
    let theirId;
    const header = await theirRequest(null, (session) => {
      theirId = session.id;
      session.set('userId', 'mj');
      session.flash('message', 'ok');
    });
    const storage = oursV3();
    const next = cookiePair(await storage.commitSession(await storage.getSession(header)));

    await theirRequest(next, (session) => {
      assert.equal(session.id, theirId);
      assert.equal(session.get('userId'), 'mj');
      assert.equal(session.get('message'), undefined);
      assert.equal(session.dirty, false);
    });
  });

  it('reads the empty cookie their destroyed session leaves as a fresh session', async () => {
    const header = await theirRequest(null, (session) => {
      session.set('userId', 'mj');
      session.destroy();
    });
    assert.equal(header, '__session=');
    const session = await oursV3().getSession(header);
    assert.equal(session.size, 0);
    assert.equal(session.dirty, false);
  });
});

describe('edge-session remix-v3 cookies read by Remix v3', () => {
  it('they read our values, flash and id', async () => {
    const storage = oursV3();
    const session = await storage.getSession(null);
    const ourId = session.id;
    assert.match(ourId, /^[0-9a-f]{32}$/);
    for (const [key, value] of Object.entries(values)) session.set(key, value);
    session.flash('message', 'enregistré ✓');
    const header = cookiePair(await storage.commitSession(session));

    await theirRequest(header, (theirSession) => {
      assert.equal(theirSession.id, ourId);
      for (const [key, value] of Object.entries(values)) assert.deepEqual(theirSession.get(key), value, key);
      assert.equal(theirSession.get('message'), 'enregistré ✓');
      assert.equal(theirSession.dirty, true);
    });
  });

  // Issue 11: with an expiry on, our payload carries its times among the
  // values ("__es__"); they read every value as before, and their commit of
  // our session comes back to us still live and with the times kept.
  it('with expiry on, they read our values and flash, and what they write back we read', async () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets, maxAge: 3600 }, format: 'remix-v3', idleTimeout: 600 });
    const session = await storage.getSession(null);
    for (const [key, value] of Object.entries(values)) session.set(key, value);
    session.flash('message', 'ok');
    const header = cookiePair(await storage.commitSession(session));
    const back = await theirRequest(header, (theirSession) => {
      for (const [key, value] of Object.entries(values)) assert.deepEqual(theirSession.get(key), value, key);
      assert.equal(theirSession.get('message'), 'ok');
      assert.equal(theirSession.get('__es__').length, 3);
      theirSession.set('theirs', 1);
    });
    const read = await storage.getSession(back);
    assert.equal(read.get('theirs'), 1);
    assert.deepEqual(read.get('userId'), values.userId);
    assert.equal(read.get('__es__'), undefined, 'the times are the session\'s, not a value');
  });

  it('writes the value raw, not URL-encoded', async () => {
    const storage = oursV3();
    const session = await storage.getSession(null);
    session.set('k', '???>>>'); // base64 with '+' and '/'
    const value = cookieValue(await storage.commitSession(session));
    assert.doesNotMatch(value, /%/);
    assert.match(value, /[+/=]/);
  });

  it('writes the reference value of §2.2 for the same session', async () => {
    // A cookie of theirs naming the reference id, with no data yet.
    const seeded = cookiePair(await theirCookie().serialize(JSON.stringify({ i: '00000000-0000-4000-8000-000000000000', d: [{}, {}] })));

    const storage = oursV3();
    const session = await storage.getSession(seeded);
    session.set('userId', 'mj');
    session.flash('message', 'ok');
    assert.equal(
      cookiePair(await storage.commitSession(session, { httpOnly: true })),
      '__session=eyJpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIiwiZCI6W3sidXNlcklkIjoibWoifSx7Im1lc3NhZ2UiOiJvayJ9XX0=.O+HAgF9G9Iwgg4ITqratAPByKjUZzxtRxqdeMbNr8Tw',
    );
  });

  it('our commit after their flash leaves them the flash for one request only', async () => {
    const storage = oursV3();
    const first = await storage.getSession(null);
    first.set('userId', 'mj');
    first.flash('message', 'ok');
    const header = cookiePair(await storage.commitSession(first));

    const next = await theirRequest(header, (session) => assert.equal(session.get('message'), 'ok'));
    await theirRequest(next, (session) => {
      assert.equal(session.get('message'), undefined);
      assert.equal(session.get('userId'), 'mj');
    });
  });

  it('they read our regenerated id', async () => {
    const storage = oursV3();
    const session = await storage.getSession(null);
    session.set('userId', 'mj');
    session.regenerateId();
    const newId = session.id;
    const header = cookiePair(await storage.commitSession(session));
    await theirRequest(header, (theirSession) => assert.equal(theirSession.id, newId));
  });

  it('they read the cookie our destroySession leaves as a fresh session', async () => {
    const storage = oursV3();
    const session = await storage.getSession(null);
    session.set('userId', 'mj');
    const header = cookiePair(await storage.destroySession(session));
    await theirRequest(header, (theirSession) => {
      assert.equal(theirSession.size, 0);
      assert.equal(theirSession.get('userId'), undefined);
    });
  });
});
