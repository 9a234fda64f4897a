// Mutation pass (s44): nextStamp's periodic forgetting (user-sessions.js forgetPastStamps) forgets only the users
// whose last stamp is behind the clock. Forgetting those stamped in the current millisecond too went unnoticed: their
// stamp became the floor every later stamp is after, so after a burst of others' sign-ins in one millisecond, bob's
// sign-in in it was stamped 1 ms ahead of the clock, and "sign out everywhere" made 1 ms later in another isolate
// (its mark, put into the KV as that isolate writes it) left him signed in for good.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const CACHE_LAPSED_MS = 5_001; // past the isolate's revocation cache (README: Revocation)
const BURST = 300; // others' sign-ins in one millisecond: past the map's size that sets off its forgetting, twice
const clock = handClock();

const kinds = {
  'cookie sessions, revocation: { kv }': { prefix: 'edge-session:revoked:', make: (kv) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } }) },
  'Workers KV storage': { prefix: 'revoked:', make: (kv) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }) },
};

for (const [name, { prefix, make }] of Object.entries(kinds)) {
  describe(`a revocation from another isolate 1 ms after a burst of sign-ins here (${name})`, () => {
    it('voids bob\'s sign-in made in the burst\'s millisecond', async () => {
      const base = clock.newDay();
      const kv = mapKV();
      const storage = make(kv);
      await storage.revokeUserSessions('bob'); // an hour before: the mark's key, which the other isolate writes
      const key = (await kv.list()).keys.map((entry) => entry.name).find((entry) => entry.includes(prefix));
      clock.now = base + 3_600_000;
      const signedInAt = clock.now;
      for (let i = 0; i < BURST; i++) await signIn(storage, `${name} user${i}`); // one millisecond
      const bob = await signIn(storage, 'bob');
      await kv.put(key, JSON.stringify({ at: signedInAt + 1 })); // "sign out everywhere", elsewhere, 1 ms later
      clock.now = signedInAt + 1 + CACHE_LAPSED_MS;
      assert.equal((await storage.getSession(bob)).get('userId'), undefined, 'bob, signed in before the revocation, is still signed in');
    });
  });
}
