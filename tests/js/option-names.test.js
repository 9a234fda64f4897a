// Misspelt or misplaced option names are refused with a clear error, never silently ignored. Regression (types
// audit): { crsf: true } turned CSRF protection off without a word, revokeUserSessions(u, { exept }) revoked the
// session it was meant to keep, and commitSession(s, { encrypt: true }) wrote a signed cookie; then (audit)
// withSession(f, h, true) and sessionMiddleware(storage, null) were taken as no options.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { CookieOptionError, createCookie, createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionMiddleware as routerSession } from 'edge-session/react-router';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

describe('Unknown option names', () => {
  it('withSession and the middlewares refuse an unknown option (csrf silently off)', () => {
    const storage = createCookieSessionStorage({ cookie });
    assert.throws(() => withSession(storage, () => new Response(), { crsf: true }), /unknown option "crsf"/);
    assert.throws(() => honoSession(storage, { crsf: true }), /unknown option "crsf"/);
    assert.throws(() => routerSession(storage, { crsf: true }), /unknown option "crsf"/);
    new Hono().use(honoSession(storage, { csrf: true })); // the right name still works
  });

  it('withSession and the middlewares refuse options that are not an object (withSession(f, h, true): csrf silently off)', () => {
    const storage = createCookieSessionStorage({ cookie });
    for (const options of [true, null, 'csrf', ['csrf']]) {
      const shown = JSON.stringify(options);
      assert.throws(() => withSession(storage, () => new Response(), options), /options must be an object/, shown);
      assert.throws(() => honoSession(storage, options), /options must be an object/, shown);
      assert.throws(() => routerSession(storage, options), /options must be an object/, shown);
    }
    withSession(storage, () => new Response()); // no options at all still works
    honoSession(storage, undefined);
  });

  it('listUserSessions and revokeUserSessions refuse an unknown option (the kept session revoked)', async () => {
    const storage = createMemorySessionStorage({ cookie, userKey: 'userId' });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
    await assert.rejects(storage.revokeUserSessions('ada', { exept: session }), /unknown option "exept"/);
    await assert.rejects(storage.listUserSessions('ada', { curent: session }), /unknown option "curent"/);
    assert.equal((await storage.listUserSessions('ada')).length, 1, 'nothing revoked');
    // A Session in place of the options is the one to keep (it was revoked too).
    assert.equal(await storage.revokeUserSessions('ada', session), 0);
    assert.equal((await storage.listUserSessions('ada', session))[0]?.current, true);
  });

  it('migrateFrom and revocation refuse an unknown name (old cookies read otherwise than meant)', () => {
    // Regression (types audit): the nested option objects dropped names they did not know.
    const old = { cookie: { name: '__old', secrets: ['s3cr3t'] }, format: 'react-router' };
    const refused = (name) => (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && error.message.includes(`"${name}"`);
    assert.throws(() => createCookieSessionStorage({ cookie, migrateFrom: { ...old, encrypt: true } }), refused('encrypt'));
    assert.throws(() => createCookieSessionStorage({ cookie, userKey: 'u', revocation: { kv: mapKV(), cache: 0 } }), refused('cache'));
    createCookieSessionStorage({ cookie, migrateFrom: old, userKey: 'u', revocation: { kv: mapKV() } }); // the right names still work
    // A binding given itself, not in { kv }: the message says what the option is (review: it named "get").
    assert.throws(() => createCookieSessionStorage({ cookie, userKey: 'u', revocation: mapKV() }), /must be \{ kv: <KV namespace binding> \}/);
  });

  it("a commit or serialize refuses options that change the cookie itself (encrypt ignored)", async () => {
    const storage = createCookieSessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('a', 1);
    for (const options of [{ encrypt: true }, { secrets: ['other'] }, { name: 'other' }]) {
      await assert.rejects(storage.commitSession(session, options), CookieOptionError, JSON.stringify(options));
      await assert.rejects(storage.destroySession(session, options), CookieOptionError, JSON.stringify(options));
      await assert.rejects(createCookie('c', { secrets: ['s'] }).serialize('x', options), CookieOptionError, JSON.stringify(options));
    }
    // The cookie's own options repeated (one options object passed everywhere, as React Router allows) pass.
    assert.match(await storage.commitSession(session, { ...cookie, encrypt: false, maxAge: 60 }), /Max-Age=60/);
    assert.match(await createCookie('c', { secrets: ['s'] }).serialize('x', { name: 'c', secrets: ['s'] }), /^c=/);
  });
});
