// createSessionStorage, two servers (isolates) over one database. After "sign out of my other devices" and the kept
// device's regenerateId(true), a stolen copy of the old cookie, read after the kept commit (signed in at the mark's
// time), is written back by the other server, which lists it again. README: such a session "reads as a fresh
// session, is not listed, and a later revocation deletes it without counting it". The next "sign out everywhere"
// counts the one device listed. Mutation pass (s45): revoke judging the index by the stored mark without its ended
// exception (the `:left` record) went unnoticed; it counted the void copy as a second device.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

it('the next revocation counts the moved device, not the void copy written back', async () => {
  const backend = mapBackend();
  const [A, B] = copies.isolates.map(({ createSessionStorage }) => createSessionStorage({ cookie, ...callbacksOf(backend), userKey: 'userId' }));
  const device = await signIn(A, 'alice');
  clock.now += 1_000;
  const own = await A.getSession(device);
  await A.revokeUserSessions('alice', { except: own });
  await A.commitSession(own); // signed in at the mark's `at`
  clock.now += 1_000;
  const thief = await B.getSession(device); // read after that commit: B caches the exception
  const again = await A.getSession(device);
  again.regenerateId(true);
  const moved = pairOf(await A.commitSession(again)); // ends the exception
  clock.now += 1_000;
  thief.set('seen', clock.now);
  await B.commitSession(thief); // written back, and listed again, within B's cache
  clock.now += 6_000;

  assert.equal((await A.listUserSessions('alice')).length, 1, 'listed: the moved device');
  assert.equal(await A.revokeUserSessions('alice'), 1, 'counted: the moved device');
  assert.equal((await A.getSession(moved)).get('userId'), undefined);
});
