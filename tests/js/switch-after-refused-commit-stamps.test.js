// Cookie sessions with `revocation: { kv }`: a commit switching a session to another user is refused (its cookie too
// large) after stampUser stamped it for the new user; the handler trims the session and commits again, or keeps it
// with revokeUserSessions(newUser, { except }). The session's sign-in time is then the NEW user's stamp while
// usersAtRead still says the old user (or none), and the code pairs the two: it records the old user's sign-out under
// the new user's stamp (stampUser's signOut, revokeUserSessions' signOutsOwed), or names the new user's stamp as the
// old user's kept sign-in. With one stamp count per isolate (122db31) such a stamp named no record of the other user;
// with per-user stamps (e35a6c6) it is that user's stamp of the same millisecond, and hits another device's record.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const TOO_LARGE = 'x'.repeat(6000);

/** A cookie of `userId` written before userKey was set (no sign-in time), never written since: no sign-in record. */
async function oldCookie(userId) {
  const before = createCookieSessionStorage({ cookie });
  const session = await before.getSession(null);
  session.set('userId', userId);
  return pairOf(await before.commitSession(session));
}

/** Reads `from`, switches it to `to`; the first commit is refused (too large) after the sign-in was stamped. */
async function switchRefusedOnce(storage, from, to) {
  const session = await storage.getSession(from);
  session.set('userId', to);
  session.set('profile', TOO_LARGE);
  await assert.rejects(storage.commitSession(session), { code: 'COOKIE_TOO_LARGE' });
  session.unset('profile');
  return session;
}

describe('a switch of user whose first commit was refused', () => {
  it('commit again: the old user\'s sign-out does not delete her other device\'s sign-in record', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const laptop = await oldCookie('alice'); // alice's laptop: from before userKey, not recorded
    const phone = await signIn(storage, 'alice'); // alice's phone: recorded at `base`
    const session = await switchRefusedOnce(storage, laptop, 'bob'); // stamped bob at `base` (per user), refused
    await storage.commitSession(session); // records "alice signed out at <bob's stamp>": her phone's record
    assert.equal((await storage.getSession(phone)).get('userId'), 'alice', 'the phone is still signed in');
    assert.equal(await storage.revokeUserSessions('alice'), 1, 'alice\'s phone, still signed in, is not counted');
  });

  it('keep it with revokeUserSessions(newUser, { except }): the owed sign-out does not delete her other device\'s record', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const laptop = await oldCookie('alice');
    const phone = await signIn(storage, 'alice');
    const session = await switchRefusedOnce(storage, laptop, 'bob');
    await storage.revokeUserSessions('bob', { except: session }); // switched: signOutsOwed { alice, <bob's stamp> }
    await storage.commitSession(session);
    assert.equal((await storage.getSession(phone)).get('userId'), 'alice', 'the phone is still signed in');
    assert.equal(await storage.revokeUserSessions('alice'), 1, 'alice\'s phone, still signed in, is not counted');
  });

  it('a fresh session signed in as alice (refused), then as bob, kept: bob\'s other device of that ms is counted', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const bobsPhone = await signIn(storage, 'bob'); // bob's stamp `base`
    const session = await switchRefusedOnce(storage, null, 'alice'); // alice's stamp `base`, refused; no user at read
    session.set('userId', 'bob');
    // Not taken for a switch (no user at read): the kept sign-in is named by alice's stamp, which is bob's phone's.
    const ended = await storage.revokeUserSessions('bob', { except: session });
    assert.equal((await storage.getSession(bobsPhone)).get('userId'), undefined, 'bob\'s phone is signed out');
    assert.equal(ended, 1, 'bob\'s phone, ended, is not counted');
  });

  it('(fails on 122db31 too) commit again: the old user\'s own sign-in is recorded out; her next revocation counts 0', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const laptop = await signIn(storage, 'alice'); // recorded at `base`
    clock.now += 1_000;
    const session = await switchRefusedOnce(storage, laptop, 'bob');
    await storage.commitSession(session); // "alice signed out at <bob's stamp>": her laptop's record stays
    assert.equal(await storage.revokeUserSessions('alice'), 0, 'alice has no session left');
  });

  it('the control: the same without the refused commit', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const laptop = await oldCookie('alice');
    const phone = await signIn(storage, 'alice');
    const session = await storage.getSession(laptop);
    session.set('userId', 'bob');
    await storage.commitSession(session);
    assert.equal((await storage.getSession(phone)).get('userId'), 'alice');
    assert.equal(await storage.revokeUserSessions('alice'), 1);
  });
});
