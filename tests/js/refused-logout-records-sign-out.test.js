// A cookie logout (destroySession) whose options the cookie refuses throws and leaves the session signed in, but it
// has already recorded the sign-out and forgotten the user the session was read with (recordSignOut runs before
// expiringSetCookie). faea817 says a refused logout leaves the session "as it was, not settled", "as destroySession
// does"; destroySession itself does not: the count revokeUserSessions gives misses the still-signed-in session, and a
// later commit of it is taken for a new sign-in, stamped now: after a revocation made since its read, so the
// revoked session is signed in again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const make = () => createCookieSessionStorage({ cookie, userKey: 'user', revocation: { kv: mapKV() } });
const refused = { name: 'another' }; // options the cookie refuses (CookieOptionError)

async function signedIn(storage) {
  const session = await storage.getSession(null);
  session.set('user', 'ann');
  return cookiePair(await storage.commitSession(session));
}

it('a refused destroySession records no sign-out: the session is still counted by a revocation', async () => {
  const storage = make();
  const header = await signedIn(storage);
  const session = await storage.getSession(header);
  await assert.rejects(storage.destroySession(session, refused), { code: 'INVALID_OPTIONS' });
  assert.equal(session.destroyed, false);
  assert.equal((await storage.getSession(header)).get('user'), 'ann', 'the cookie is still signed in');
  assert.equal(await storage.revokeUserSessions('ann'), 1, 'the signed-in session was counted out as signed out');
});

it('a session read before a revocation, whose logout was refused, stays revoked when committed after it', async () => {
  const storage = make();
  const header = await signedIn(storage);
  const session = await storage.getSession(header);
  await storage.revokeUserSessions('ann'); // "sign out everywhere", from another device, while this request runs
  await assert.rejects(storage.destroySession(session, refused), { code: 'INVALID_OPTIONS' });
  session.set('n', 1);
  const written = cookiePair(await storage.commitSession(session));
  assert.equal((await storage.getSession(written)).get('user'), undefined, 'signed in again after "sign out everywhere"');
});

it('control: without the refused logout, the commit after the revocation stays revoked', async () => {
  const storage = make();
  const header = await signedIn(storage);
  const session = await storage.getSession(header);
  await storage.revokeUserSessions('ann');
  session.set('n', 1);
  const written = cookiePair(await storage.commitSession(session));
  assert.equal((await storage.getSession(written)).get('user'), undefined);
});

// The same for a server-side storage: a refused logout deleted the record before it threw, half a logout.
it('memory + userKey: a refused destroySession leaves the session stored and listed', async () => {
  const storage = createMemorySessionStorage({ cookie, userKey: 'user' });
  const header = await signedIn(storage);
  const session = await storage.getSession(header);
  await assert.rejects(storage.destroySession(session, refused), { code: 'INVALID_OPTIONS' });
  assert.equal(session.destroyed, false);
  assert.equal((await storage.getSession(header)).get('user'), 'ann', 'the record was deleted');
  assert.equal((await storage.listUserSessions('ann')).length, 1);
});
