// Two "sign out of my other devices" on Workers KV, from two isolates: the first kept device D (isolate A), the
// second, a few seconds later, kept device Z (isolate B) and ended D. A request of D at A, under way across the second
// and whose isolate's 5 s cache still holds the first mark, then commits a regenerateId(true): D leaves the ID the
// first mark excepted. The stored mark now excepts Z, so
// that move ends no exception, and A goes on knowing nothing that would end Z. Mutation pass (s44): ending the
// exception whatever the stored mark excepts went unnoticed; A then took the second mark as excepting nobody, and
// answered Z, the device the user had just kept, as signed out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

it('the device a later revocation elsewhere kept stays signed in where the earlier kept device moves its ID', async () => {
  const kv = mapKV();
  const [A, B] = copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
  const d = await signIn(A, 'alice');
  clock.now += 1_000;
  await A.revokeUserSessions('alice', { except: await A.getSession(d) });
  clock.now += 1_000;
  const z = await signIn(B, 'alice');
  clock.now += 1_000;
  const moving = await A.getSession(d); // D's request, under way across the second revocation
  await B.revokeUserSessions('alice', { except: await B.getSession(z) });
  clock.now += 1_000; // A's cache, 3 s old, still holds the first mark
  moving.regenerateId(true);
  await A.commitSession(moving);

  assert.equal((await A.getSession(z)).get('userId'), 'alice', 'the device the later revocation kept, at A');
  assert.equal((await B.getSession(z)).get('userId'), 'alice', 'and at B');
});
