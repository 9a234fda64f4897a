// "Sign out of my other devices" on Workers KV keeps this device by its ID; README: a move of the kept session to a
// new ID (regenerateId) reads the user's mark, and "the new ID is signed in at the mark's time". README Workers KV: the
// location that made a revocation usually sees its mark at once, "however, this is not guaranteed". Here KV answers
// the move's lookup from before the mark, in the isolate that made it: the isolate's own mark still decides, and the
// kept device's tab that read before the revocation and moves its ID after it stays signed in.
// Mutation pass (s51): user-sessions.js lookedUpNow answering the store's mark alone (not the later of it and what the
// isolate knows, made here included) went unnoticed: the move kept the sign-in the mark voids, and the device that
// asked to stay signed in was signed out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const clock = handClock();

/** A binding over `kv` that answers "no mark" for the users' revocation marks while `lagging`. */
function laggingBinding(kv) {
  const state = { lagging: false };
  state.kv = {
    list: (...args) => kv.list(...args),
    delete: (...args) => kv.delete(...args),
    put: (...args) => kv.put(...args),
    getWithMetadata: async (key) => ({ value: await kv.get(key), metadata: null }),
    get: async (key, type) => (state.lagging && key.includes('revoked:') ? null : kv.get(key, type)),
  };
  return state;
}

for (const deleteOld of [true, false]) {
  it(`the kept device's tab that read before the revocation commits regenerateId(${deleteOld}) while KV lags: still signed in`, async () => {
    clock.newDay();
    const binding = laggingBinding(mapKV());
    const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['kept-tab-lag-secret-7d2b4c1e9a'] }, kv: binding.kv, userKey: 'userId' });
    const device = await signIn(storage, 'ada');
    const other = await signIn(storage, 'ada');
    clock.now += 1_000;
    const tab = await storage.getSession(device); // read before the revocation
    const own = await storage.getSession(device);
    assert.equal(await storage.revokeUserSessions('ada', { except: own }), 1);
    assert.equal(pairOf(await storage.commitSession(own)), device);
    binding.lagging = true; // KV's answers here lag behind the mark just written
    clock.now += 1_000;
    tab.regenerateId(deleteOld);
    const moved = pairOf(await storage.commitSession(tab));
    assert.equal((await storage.getSession(moved)).get('userId'), 'ada', 'the device was signed out');
    binding.lagging = false;
    clock.now += 5_001; // past the isolate's cache: the mark as KV holds it
    assert.equal((await storage.getSession(moved)).get('userId'), 'ada', 'signed out once KV caught up');
    assert.equal((await storage.getSession(other)).get('userId'), undefined, 'the other device');
  });
}
