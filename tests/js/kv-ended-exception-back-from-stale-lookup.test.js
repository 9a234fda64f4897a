// "Sign out of my other devices" (revokeUserSessions with `except`) on Workers KV, then the kept device's
// regenerateId(true), which ends the mark's exception by writing `<mark>:left`. A later lookup of the mark at a
// location KV has not reached with that key (README, Workers KV: "not guaranteed at once even where written") reads
// the exception again. Regression (s45): the isolate that had ended it took that lookup over what it knew, and a
// stolen copy of the old cookie, written back by another isolate, read as signed in there again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

/** mapKV whose reads of a mark's `:left` key serve none while `stale` is set. */
function lateLeftKV() {
  const kv = mapKV();
  const { get } = kv;
  kv.stale = false;
  kv.get = async function (key, type) {
    if (kv.stale && /:revoked:[0-9a-f]{64}:left$/.test(key)) return null;
    return get.call(this, key, type);
  };
  return kv;
}

it('an ended exception does not come back in the isolate that ended it from a stale lookup', async () => {
  const kv = lateLeftKV();
  const [A, B] = copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
  const device = await signIn(A, 'alice');
  clock.now += 1_000;
  const thief = await B.getSession(device); // B looks alice's mark up now: none, cached for 5 s
  clock.now += 1_000;

  const own = await A.getSession(device);
  await A.revokeUserSessions('alice', { except: own });
  own.regenerateId(true);
  const moved = pairOf(await A.commitSession(own)); // ends the exception
  clock.now += 1_000;
  thief.set('seen', clock.now);
  await B.commitSession(thief); // B's cache still holds no mark: the old record is written back
  clock.now += 6_000; // past both isolates' 5 s caches

  kv.stale = true; // A's next lookups read the mark without its `:left`
  assert.equal((await A.getSession(device)).get('userId'), undefined, 'the copy, in the isolate that ended the exception');
  assert.equal((await A.getSession(moved)).get('userId'), 'alice');
});

it('nor in another storage of the same namespace in that isolate, which had looked the exception up', async () => {
  const kv = lateLeftKV();
  const [{ createWorkersKVSessionStorage }, other] = copies.isolates;
  const A = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
  const sibling = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }); // another route's storage
  const B = other.createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
  const device = await signIn(A, 'alice');
  clock.now += 1_000;
  const thief = await B.getSession(device);
  clock.now += 1_000;

  const own = await A.getSession(device);
  await A.revokeUserSessions('alice', { except: own });
  assert.equal((await sibling.getSession(device)).get('userId'), 'alice', 'the kept ID, excepted: the sibling caches that');
  own.regenerateId(true);
  const moved = pairOf(await A.commitSession(own)); // ends the exception
  clock.now += 1_000;
  thief.set('seen', clock.now);
  await B.commitSession(thief);
  clock.now += 6_000;

  kv.stale = true;
  assert.equal((await sibling.getSession(device)).get('userId'), undefined, 'the copy, in the sibling storage');
  assert.equal((await sibling.getSession(moved)).get('userId'), 'alice');
});
