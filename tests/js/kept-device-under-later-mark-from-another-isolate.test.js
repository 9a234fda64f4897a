// README, "Signing out everywhere": revokeUserSessions(userId, { except: session }) keeps that device signed in, and
// the mark is never lowered (another isolate's revocation stamped later, its clock ahead, stands). The mark then
// written keeps the later `at` with this revocation's exception: the device the later revocation kept was signed in
// at that `at` and needs none. Workers KV and createSessionStorage's callbacks, the other isolate's mark written
// into the store as it would write it. Mutation pass (s45): neverLowered keeping the earlier mark whole (its
// exception too) went unnoticed; the device "sign out of my other devices" kept was signed out once looked up again.
// Regression (s45): the callback store's revoke deleted that device's record as one the earlier mark had voided,
// though the mark it had just written excepted it (KV's revoke ends every session but the kept one).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();

const KINDS = {
  'Workers KV': () => {
    const kv = mapKV();
    const markKey = async () => (await kv.list()).keys.map(({ name }) => name).find((name) => /revoked:[0-9a-f]{64}$/.test(name));
    return {
      storage: createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }),
      readMark: async () => JSON.parse(await kv.get(await markKey())),
      writeMark: async (mark) => kv.put(await markKey(), JSON.stringify(mark)),
    };
  },
  'createSessionStorage callbacks': () => {
    const backend = mapBackend();
    const markId = () => [...backend.records.keys()].find((id) => /^es:revoked:[0-9a-f]{64}$/.test(id));
    return {
      storage: createSessionStorage({ cookie, ...callbacksOf(backend), userKey: 'userId' }),
      readMark: async () => backend.readData(markId()),
      writeMark: (mark) => backend.updateData(markId(), mark),
    };
  },
};

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: "sign out of my other devices" over a later mark another isolate wrote`, () => {
    it("keeps the later at, with this revocation's exception: the device it kept stays signed in", async () => {
      clock.newDay(); // past the stamps an earlier test gave the user here
      const { storage, readMark, writeMark } = make();
      await storage.revokeUserSessions('ada'); // the user's mark exists: its key is known
      clock.now += 1_000;
      const device = await signIn(storage, 'ada'); // its commit looked the first mark up: cached for 5 s
      const later = clock.now + 60_000; // the other isolate's, stamped a minute later, kept a device of its own
      await writeMark({ at: later, exceptId: 'the-other-isolates-kept-device' });

      const own = await storage.getSession(device); // read within the cache, before the later mark is seen
      await storage.revokeUserSessions('ada', { except: own });
      await storage.commitSession(own);
      const mark = await readMark();
      assert.equal(mark.at, later, 'never lowered');
      assert.equal(mark.exceptId, own.id, "this revocation's exception");
      clock.now += 6_000;
      assert.equal((await storage.getSession(device)).get('userId'), 'ada', 'the kept device');
    });
  });
}
