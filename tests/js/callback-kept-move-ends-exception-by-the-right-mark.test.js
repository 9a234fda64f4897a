// createSessionStorage's callbacks, two servers (isolates) over one database: "sign out of my other devices", then the
// kept device's regenerateId(true), which ends the mark's exception (README: "The kept session's exception ends when
// it leaves its ID, as on KV"). The move judges by the later of the mark it reads and the one its isolate knows, as
// KV's does (tests/js/kv-kept-move-while-mark-read-stale.test.js, kv-kept-move-after-later-revocation-elsewhere):
// - a read replica may serve the mark from before the revocation (README: "as consistent as your backend"): the
//   isolate that revoked still ends the exception, so a stolen copy of the old cookie ends;
// - a later revocation from the other server kept another device: the move ends nothing of that mark.
// Mutation pass (s45): the callback store's endException judging by the stored mark alone, or ending the exception
// whatever the stored mark excepts, went unnoticed (only KV's twin had these tests).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

/** mapBackend whose reads of users' marks serve what was there before their first write, while `stale` is set. */
function lateMarksBackend() {
  const backend = mapBackend();
  const before = new Map();
  const { readData, updateData } = backend;
  const isMark = (id) => /^es:revoked:[0-9a-f]{64}$/.test(id);
  backend.stale = false;
  backend.updateData = async function (id, data, expires) {
    if (isMark(id) && !before.has(id)) before.set(id, structuredClone(this.records.get(id)?.data ?? null));
    return updateData.call(this, id, data, expires);
  };
  backend.readData = async function (id) {
    if (backend.stale && isMark(id)) return before.get(id) ?? null;
    return readData.call(this, id);
  };
  return backend;
}

const storagesOver = (backend) =>
  copies.isolates.map(({ createSessionStorage }) => createSessionStorage({ cookie, ...callbacksOf(backend), userKey: 'userId' }));

it('a copy of the kept cookie ends though the move read the mark from before the revocation', async () => {
  clock.newDay(); // past the stamps an earlier test gave the user here
  const backend = lateMarksBackend();
  const [A, B] = storagesOver(backend);
  const device = await signIn(A, 'alice');
  clock.now += 1_000;
  const thief = await B.getSession(device); // B looks alice's mark up now: none, cached for 5 s
  clock.now += 1_000;

  const own = await A.getSession(device);
  await A.revokeUserSessions('alice', { except: own });
  own.regenerateId(true);
  backend.stale = true; // A's reads of the mark still serve none
  const moved = pairOf(await A.commitSession(own));
  backend.stale = false;
  clock.now += 1_000;

  thief.set('seen', clock.now);
  await B.commitSession(thief); // B's cache still holds no mark: the old record is written back
  clock.now += 6_000; // past B's 5 s cache

  assert.equal((await B.getSession(device)).get('userId'), undefined, 'the copy, in the isolate that wrote it back');
  assert.equal((await A.getSession(device)).get('userId'), undefined, 'the copy, in the revoking isolate');
  assert.equal((await B.getSession(moved)).get('userId'), 'alice');
});

it('the device a later revocation elsewhere kept stays signed in where the earlier kept device moves its ID', async () => {
  clock.newDay(); // past the stamps an earlier test gave the user here
  const [A, B] = storagesOver(mapBackend());
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
