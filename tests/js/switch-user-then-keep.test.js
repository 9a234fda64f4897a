// One request switches its session to another user and signs out that user's other devices, keeping itself
// (`revokeUserSessions(newUser, { except: session })`), on cookie sessions with `revocation: { kv }`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();

/** Reads `from`, switches it to bob, signs out bob's other devices keeping it, commits: the new cookie, the count. */
async function switchToBobKeepingIt(storage, from) {
  const session = await storage.getSession(from);
  session.set('userId', 'bob');
  const ended = await storage.revokeUserSessions('bob', { except: session });
  return { kept: pairOf(await storage.commitSession(session)), ended };
}

describe('switch user, then revoke the new user\'s other sessions keeping this one', () => {
  it('ends and counts the new user\'s other session signed in the same ms as the old user; regression: the old user\'s sign-in time named it as the kept one, not counted', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const bobsPhone = await signIn(storage, 'bob'); // stamps are per user: both at the same ms
    const alice = await signIn(storage, 'alice');
    clock.now += 1_000;
    const { kept, ended } = await switchToBobKeepingIt(storage, alice);
    assert.equal(ended, 1);
    assert.equal((await storage.getSession(kept)).get('userId'), 'bob');
    assert.equal((await storage.getSession(bobsPhone)).get('userId'), undefined, 'bob\'s other device is still signed in');
  });

  it('records the old user\'s sign-out: her next revocation ends none; regression: it counted 1', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const alice = await signIn(storage, 'alice');
    clock.now += 1_000;
    await switchToBobKeepingIt(storage, alice);
    assert.equal(await storage.revokeUserSessions('alice'), 0);
  });

  it('as a switch without the revocation does (the control)', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const alice = await signIn(storage, 'alice');
    const session = await storage.getSession(alice);
    session.set('userId', 'bob');
    await storage.commitSession(session);
    assert.equal(await storage.revokeUserSessions('alice'), 0);
  });

  // The same request then logs the session out (destroySession): the old user's sign-out, owed since the switch,
  // is recorded by the logout as by a commit. Mutation pass (s39): dropped there, her next revocation counted 1.
  it('records the old user\'s sign-out when the switched session is then logged out in the same request', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const alice = await signIn(storage, 'alice');
    clock.now += 1_000;
    const session = await storage.getSession(alice);
    session.set('userId', 'bob');
    await storage.revokeUserSessions('bob', { except: session });
    await storage.destroySession(session);
    assert.equal(await storage.revokeUserSessions('alice'), 0);
    assert.equal(await storage.revokeUserSessions('bob'), 0, 'the kept session logged out');
  });

  it('the old user\'s sign-out is recorded once the switched session is committed, not before', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const alice = await signIn(storage, 'alice');
    const session = await storage.getSession(alice);
    session.set('userId', 'bob');
    await storage.revokeUserSessions('bob', { except: session });
    // The handler failed: nothing committed, alice's cookie is still hers and counted.
    assert.equal(await storage.revokeUserSessions('alice'), 1);
  });
});
