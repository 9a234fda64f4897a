// Cookie sessions with `revocation: { kv }`: a request reads alice's session, switches it to bob, the commit is
// refused (too large) after bob's sign-in was stamped into the session's own time, and the handler sets alice back,
// trimmed, and commits. Regression (review): the user being the one read, that stamp was kept, and the cookie written
// as alice signed in at it, not at her sign-in: (1) a revocation of alice made after the read did not refuse the
// commit, and her revoked session came back; (2) her later logout named bob's stamp, and her sign-in stayed counted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const TOO_LARGE = 'x'.repeat(6000);

/** Reads `from` (alice's), switches it to bob; the commit is refused (too large); back to alice, trimmed. */
async function switchRefusedThenBack(storage, from, between = async () => {}) {
  const session = await storage.getSession(from);
  await between();
  clock.now += 1;
  session.set('userId', 'bob');
  session.set('profile', TOO_LARGE);
  await assert.rejects(storage.commitSession(session), { code: 'COOKIE_TOO_LARGE' });
  session.unset('profile');
  session.set('userId', 'alice');
  return session;
}

describe('a switch of user refused (too large), then the user read set back', () => {
  it('a revocation of alice made after the read still ends the session (its commit is a logout)', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const laptop = await signIn(storage, 'alice');
    clock.now += 1_000;
    const session = await switchRefusedThenBack(storage, laptop, async () => {
      clock.now += 1;
      await storage.revokeUserSessions('alice'); // "sign out everywhere", from another request of this isolate
    });
    const written = pairOf(await storage.commitSession(session));
    assert.equal((await storage.getSession(written)).get('userId'), undefined, 'the revoked session is signed in again');
  });

  it('her logout afterwards is recorded: her next revocation counts 0', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const laptop = await signIn(storage, 'alice');
    clock.now += 1_000;
    const session = await switchRefusedThenBack(storage, laptop);
    const written = pairOf(await storage.commitSession(session));
    clock.now += 1_000;
    await storage.destroySession(await storage.getSession(written));
    assert.equal(await storage.revokeUserSessions('alice'), 0, 'alice has no session left');
  });

  it('the control: without the refused commit', async () => {
    clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const laptop = await signIn(storage, 'alice');
    clock.now += 1_000;
    const session = await storage.getSession(laptop);
    clock.now += 1;
    await storage.revokeUserSessions('alice');
    session.set('userId', 'bob');
    session.set('userId', 'alice');
    const written = pairOf(await storage.commitSession(session));
    assert.equal((await storage.getSession(written)).get('userId'), undefined);
  });
});
