// Regression (audit of a migrating app): a React Router cookie with a user, from before userKey, written again by a
// cookie storage with `revocation` and `absoluteTimeout` was recorded as signed in until 1970 + absoluteTimeout (its
// sign-in is recorded at its start, which such a cookie does not say), so revokeUserSessions counted 0 for it
// (README: such a cookie "is counted by revokeUserSessions only once written again"). It is counted until
// absoluteTimeout after this write, which gives it its times.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookieSessionStorage as createReactRouterStorage } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { REVOCATION_CACHE_MS } from '../../js/user-sessions.js';

const pairOf = (setCookie) => setCookie.split(';')[0];

async function reactRouterCookie() {
  const storage = createReactRouterStorage({ cookie: { name: '__session', secrets: ['old'] } });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  return pairOf(await storage.commitSession(session));
}

describe('a cookie from before userKey, written again', () => {
  for (const [label, timeouts] of [['absoluteTimeout', { absoluteTimeout: 28800 }], ['both timeouts', { idleTimeout: 1800, absoluteTimeout: 28800 }], ['no timeouts', {}]]) {
    it(`is counted by revokeUserSessions (${label})`, async () => {
      const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['old'], maxAge: 604800 }, userKey: 'userId', revocation: { kv: mapKV() }, ...timeouts });
      const session = await storage.getSession(await reactRouterCookie());
      assert.equal(session.get('userId'), 'ada');
      session.set('seen', 1);
      const written = pairOf(await storage.commitSession(session));
      assert.equal(await storage.revokeUserSessions('ada'), 1);
      assert.equal((await storage.getSession(written)).get('userId'), undefined, 'and ended');
    });
  }
});

// Such a cookie carries no sign-in time: it signed in no later than it began. One begun after the user's last
// revocation (a version without userKey still serving, a gradual deploy) is no revoked session: read as signed in,
// and its commit is not refused as one. Mutation pass (s39): the commit's check took "no sign-in time" for "before
// any revocation", and refused it (the user signed out at their next change), and no test noticed.
describe('a cookie from before userKey, begun after its user\'s last revocation', () => {
  it('is read signed in and written again, not refused as revoked', async () => {
    const cookie = { name: '__session', secrets: ['old'] };
    const kv = mapKV();
    const withUsers = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv }, absoluteTimeout: 28800 });
    const before = await withUsers.getSession(null);
    before.set('userId', 'ada');
    await withUsers.commitSession(before);
    assert.equal(await withUsers.revokeUserSessions('ada'), 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const withoutUsers = createCookieSessionStorage({ cookie, absoluteTimeout: 28800 });
    const later = await withoutUsers.getSession(null);
    later.set('userId', 'ada');
    const header = pairOf(await withoutUsers.commitSession(later));
    const session = await withUsers.getSession(header);
    assert.equal(session.get('userId'), 'ada');
    session.set('seen', 1);
    const written = pairOf(await withUsers.commitSession(session));
    assert.equal((await withUsers.getSession(written)).get('userId'), 'ada');
  });
});

// Read here before a revocation another isolate made, and committed while this isolate's lookup (5 s) still says
// none: such a cookie signed in when it began, so the cookie written is void like the others once the revocation
// reaches this isolate. Mutation pass (s39): stamped as a sign-in at its commit, after the revocation, it stayed
// signed in for good, and no test noticed. (Two KV objects over one store stand for two isolates' bindings.)
describe('a cookie from before userKey, committed in an isolate that has not yet seen a revocation', () => {
  it('is void once the revocation reaches that isolate', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
    const cookie = { name: '__session', secrets: ['old'] };
    const kv = mapKV();
    const here = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
    const there = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: Object.create(kv) } });
    const session = await here.getSession(await reactRouterCookie());
    assert.equal(session.get('userId'), 'ada', 'looked up here: no revocation yet');
    t.mock.timers.tick(1_000);
    await there.revokeUserSessions('ada');
    t.mock.timers.tick(1_000);
    session.set('seen', 1);
    const written = pairOf(await here.commitSession(session));
    t.mock.timers.tick(REVOCATION_CACHE_MS);
    assert.equal((await here.getSession(written)).get('userId'), undefined);
  });
});
