// "Sign out of my other devices" (revokeUserSessions with `except`) on Workers KV, then the kept device's
// regenerateId(true): the move ends the mark's exception at the same `at` (README: a copy of the kept cookie is void
// once the mark is seen). Another isolate that had looked the mark up with its exception takes the later lookup
// without it (user-sessions.js createRevocationCache keeps its known mark only when the lookup's `at` is lower).
// Mutation pass (s44): keeping the known mark at an equal `at` too went unnoticed; that isolate then held the
// exception for good, and a stolen copy of the old cookie it wrote back stayed signed in there.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

it('a copy of the kept cookie ends in an isolate that had seen the exception, once the kept device moved its ID', async () => {
  const kv = mapKV();
  const [A, B] = copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
  const device = await signIn(A, 'alice');
  clock.now += 1_000;

  const own = await A.getSession(device);
  await A.revokeUserSessions('alice', { except: own });
  const thief = await B.getSession(device); // B looks the mark up now: the exception names this ID, cached for 5 s
  assert.equal(thief.get('userId'), 'alice');

  own.regenerateId(true); // the kept device's request goes on: "sign out of my other devices", then a new ID
  const moved = pairOf(await A.commitSession(own)); // ends the exception
  clock.now += 1_000;
  thief.set('seen', clock.now);
  await B.commitSession(thief); // B's cache still holds the exception: the old record is written back
  clock.now += 6_000; // past B's 5 s cache

  assert.equal((await B.getSession(device)).get('userId'), undefined, 'the copy, in the isolate that had seen the exception');
  assert.equal((await B.getSession(moved)).get('userId'), 'alice');
});
