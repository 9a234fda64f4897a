// "Sign out of my other devices" (revokeUserSessions with `except`) keeps this device by its ID on Workers KV and
// createSessionStorage's callbacks; README: when the kept session leaves that ID (regenerateId), "the exception ends
// (the new ID is signed in at the mark's time and needs none)", and a move to a new ID reads the user's mark (Limits,
// Storage calls per request). Another tab of that device, read before the revocation where the mark had not been
// looked up since (another isolate within its 5 s cache, or a createSessionStorage made per request), then moved its
// ID: the move judged by that cache, its new ID kept the sign-in from before the mark, void, and the kept ID was
// deleted: the device that asked to stay signed in was signed out, as it was not where the revocation was made.
// Regression (s51 revocation scenario pass).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['kept-tab-move-secret-4c1e9a7d2b'] };
const CACHE_LAPSED_MS = 5_001; // past an isolate's revocation cache (README: cached for at most 5 s)
const clock = handClock();
const copies = isolatesForTests(2);

/** Two storages over one backend: the one that revokes, and the one the tab's request reads and commits through. */
const PAIRS = {
  'Workers KV, two isolates': () => {
    const kv = mapKV();
    return copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
  },
  'createSessionStorage, two isolates': () => {
    const callbacks = callbacksOf(mapBackend());
    return copies.isolates.map(({ createSessionStorage }) => createSessionStorage({ cookie, ...callbacks, userKey: 'userId' }));
  },
  'createSessionStorage made per request, one isolate': () => {
    const backend = mapBackend();
    const [{ createSessionStorage }] = copies.isolates;
    return [0, 1].map(() => createSessionStorage({ cookie, ...callbacksOf(backend), userKey: 'userId' }));
  },
};

for (const [name, pair] of Object.entries(PAIRS)) {
  describe(name, () => {
    for (const deleteOld of [true, false]) {
      it(`the kept device's tab that read before the revocation and commits regenerateId(${deleteOld}) after it stays signed in`, async () => {
        clock.newDay(); // past the stamps an earlier test gave the user in these isolates
        const [revoking, tabs] = pair();
        const device = await signIn(revoking, 'ada');
        const other = await signIn(revoking, 'ada');
        clock.now += 1_000;
        const tab = await tabs.getSession(device); // looks ada's mark up: none yet, cached
        const own = await revoking.getSession(device);
        assert.equal(await revoking.revokeUserSessions('ada', { except: own }), 1);
        assert.equal(pairOf(await revoking.commitSession(own)), device); // the kept device keeps its ID
        clock.now += 1_000; // within the tab's storage's cache
        tab.regenerateId(deleteOld);
        const moved = pairOf(await tabs.commitSession(tab)); // the cookie the device now holds

        for (const storage of [revoking, tabs]) assert.equal((await storage.getSession(moved)).get('userId'), 'ada', 'the device was signed out');
        clock.now += CACHE_LAPSED_MS;
        for (const storage of [revoking, tabs]) assert.equal((await storage.getSession(moved)).get('userId'), 'ada', 'signed out once the cache lapsed');
        assert.equal((await tabs.getSession(other)).get('userId'), undefined, 'the other device');
        const listed = await revoking.listUserSessions('ada', { current: await revoking.getSession(moved) });
        assert.equal(listed.filter(({ current }) => current).length, 1, 'the device is listed');
      });
    }
  });
}
