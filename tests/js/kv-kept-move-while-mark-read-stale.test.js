// "Sign out of my other devices" (revokeUserSessions with `except`), then regenerateId(true), on Workers KV, where
// the location that made a write "usually sees it at once, however, this is not guaranteed" (README, Workers KV):
// the move's read of the mark may still serve the one before. The isolate that revoked knows its own mark, and the
// move ends the exception by it, so a stolen copy of the old cookie still ends (README: a copy of the kept cookie is
// void once the mark is seen). Mutation pass (s44): the move judging by the stored mark alone went unnoticed; with
// that read stale, the exception was never ended and the copy, written back by another isolate, stayed signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

/** mapKV whose reads of users' marks serve what was there before their first write, while `stale` is set. */
function lateMarksKV() {
  const kv = mapKV();
  const before = new Map();
  const { get, put } = kv;
  kv.stale = false;
  kv.put = async function (key, value, options) {
    if (!before.has(key)) before.set(key, await get.call(this, key));
    return put.call(this, key, value, options);
  };
  kv.get = async function (key, type) {
    if (kv.stale && /:revoked:[0-9a-f]{64}$/.test(key)) return before.get(key) ?? null;
    return get.call(this, key, type);
  };
  return kv;
}

it('a copy of the kept cookie ends though the move read the mark from before the revocation', async () => {
  const kv = lateMarksKV();
  const [A, B] = copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
  const device = await signIn(A, 'alice');
  clock.now += 1_000;
  const thief = await B.getSession(device); // B looks alice's mark up now: none, cached for 5 s
  clock.now += 1_000;

  const own = await A.getSession(device);
  await A.revokeUserSessions('alice', { except: own });
  own.regenerateId(true);
  kv.stale = true; // this location's reads of the mark still serve none
  const moved = pairOf(await A.commitSession(own));
  kv.stale = false;
  clock.now += 1_000;

  thief.set('seen', clock.now);
  await B.commitSession(thief); // B's cache still holds no mark: the old record is written back
  clock.now += 6_000; // past B's 5 s cache

  assert.equal((await B.getSession(device)).get('userId'), undefined, 'the copy, in the isolate that wrote it back');
  assert.equal((await A.getSession(device)).get('userId'), undefined, 'the copy, in the revoking isolate');
  assert.equal((await B.getSession(moved)).get('userId'), 'alice');
});
