// Workers KV: the kept ID of "sign out of my other devices" left twice (the device moved, then a copy of its cookie
// read at isolate B moved there within B's cache: tests/js/kept-copy-moved-after-device-moved), which voids every
// session signed in at the mark's time. A later lookup at a location KV had not reached with the second write of
// `<mark>:left` reads it as left once. The isolate that saw the second move must not take that over what it knew:
// left once, the copy's new ID (neither the ID excepted nor the one left) reads as signed in again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

/** mapKV whose reads of a mark's `:left` key serve its first value while `stale` is set. */
function firstLeftKV() {
  const kv = mapKV();
  const { get, put } = kv;
  const first = new Map();
  kv.stale = false;
  kv.put = async function (key, value, options) {
    if (/:revoked:[0-9a-f]{64}:left$/.test(key) && !first.has(key)) first.set(key, value);
    return put.call(this, key, value, options);
  };
  kv.get = async function (key, type) {
    if (kv.stale && first.has(key)) return first.get(key);
    return get.call(this, key, type);
  };
  return kv;
}

const moveOf = async (storage, session) => {
  session.regenerateId(true);
  return pairOf(await storage.commitSession(session));
};

it('a kept ID left twice is not read as left once from a stale lookup in the isolate that saw the second move', async () => {
  const kv = firstLeftKV();
  const [A, B] = copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
  const device = await signIn(A, 'alice');
  clock.now += 1_000;
  const own = await A.getSession(device);
  await A.revokeUserSessions('alice', { except: own });
  await A.commitSession(own); // signed in at the mark's `at`, under the same ID
  clock.now += 1_000;
  const thief = await B.getSession(device); // B caches the exception

  const moved = await moveOf(A, await A.getSession(device)); // left once
  clock.now += 1_000;
  const stolen = await moveOf(B, thief); // left twice
  clock.now += 6_000; // past both caches

  kv.stale = true; // B's lookups now read `:left` as left once (A, which never saw the second write, reads so too)
  assert.equal((await B.getSession(stolen)).get('userId'), undefined, "the copy's new ID at B");
  assert.equal((await B.getSession(moved)).get('userId'), undefined, "the device's new ID at B");
  kv.stale = false;
  clock.now += 6_000;
  assert.equal((await A.getSession(stolen)).get('userId'), undefined, "the copy's new ID at A, once it reads the second write");
});
