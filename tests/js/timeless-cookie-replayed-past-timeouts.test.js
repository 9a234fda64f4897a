// ASVS V3.3 / V7.3 (idle and absolute timeouts enforced by the server). README, Security model, "Server-side expiry":
// idleTimeout and absoluteTimeout are checked "from times inside the signed payload or the record: a stolen cookie
// replayed later ... gets a fresh session"; Session lifetime: "To end such sessions once maxAge is added, add
// absoluteTimeout too (a read stamps its start)". A cookie session written with no times (before the app set any
// expiry or timeout, or by React Router, which this package reads and migrates from) has no start to count from:
// the read stamps it "now", but only the cookie the response re-issues carries that stamp. A copy of the cookie as it
// was (the one a thief took) is stamped anew at every read, so it is served however long after the timeouts.
// Found by the ASVS pass (the README said adding absoluteTimeout ends such sessions); README now says what does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const secrets = ['a-secret-of-thirty-two-characters'];
const cookie = { name: '__Host-session', secrets, httpOnly: true, secure: true };
const pairOf = (setCookie) => setCookie.split(';')[0];
const DAY = 86_400_000;

/** A signed-in cookie session as a version without expiry or timeouts wrote it: no times in its payload. */
async function timelessCookie(options = { cookie }) {
  const before = createCookieSessionStorage(options);
  const session = await before.getSession(null);
  session.set('userId', 'ada');
  return pairOf(await before.commitSession(session));
}

describe('a cookie written before timeouts were set, replayed as it was', () => {
  it('the browser that takes the re-issued cookie ends at absoluteTimeout (holds)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
    const old = await timelessCookie();
    const storage = createCookieSessionStorage({ cookie, idleTimeout: 1800, absoluteTimeout: 8 * 3600 });
    const session = await storage.getSession(old);
    assert.equal(session.renewalDue || session.dirty, true, 'the read stamps its start and asks to be written');
    const reissued = pairOf(await storage.commitSession(session));
    t.mock.timers.tick(DAY);
    assert.equal((await storage.getSession(reissued)).get('userId'), undefined);
  });

  it('a copy taken before the upgrade is stamped anew at each read: served past the timeouts (README says so)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
    const stolen = await timelessCookie();
    const storage = createCookieSessionStorage({ cookie, idleTimeout: 1800, absoluteTimeout: 8 * 3600 });
    t.mock.timers.tick(DAY);
    assert.equal((await storage.getSession(stolen)).get('userId'), 'ada');
  });

  it('so does a React Router cookie read through migrateFrom', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
    const stolen = await timelessCookie({ cookie: { name: '__session', secrets } });
    const storage = createCookieSessionStorage({
      cookie,
      idleTimeout: 1800,
      absoluteTimeout: 8 * 3600,
      migrateFrom: { cookie: { name: '__session', secrets }, format: 'react-router' },
    });
    t.mock.timers.tick(DAY);
    assert.equal((await storage.getSession(stolen)).get('userId'), 'ada');
  });

  it('retiring the secret that signed it ends the copy (README\'s way out)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
    const stolen = await timelessCookie();
    const storage = createCookieSessionStorage({ cookie: { ...cookie, secrets: ['another-secret-of-thirty-two-chars!'] }, idleTimeout: 1800 });
    assert.equal((await storage.getSession(stolen)).get('userId'), undefined);
  });

  it('with userKey and revocation, "sign out everywhere" ends the copy (holds: begun at the epoch)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
    const stolen = await timelessCookie();
    const storage = createCookieSessionStorage({ cookie, idleTimeout: 1800, userKey: 'userId', revocation: { kv: mapKV() } });
    t.mock.timers.tick(DAY);
    await storage.revokeUserSessions('ada');
    assert.equal((await storage.getSession(stolen)).get('userId'), undefined);
  });
});
