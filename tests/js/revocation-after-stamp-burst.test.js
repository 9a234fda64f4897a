// A sign-in made in this isolate just after it stamped many other users' sign-ins in one millisecond, then revoked
// from another isolate 30 ms later, is void. Regression (model of two isolates over one KV): one count of stamps for
// all users put bob's sign-in 50 ms ahead of the clock (max(now, last + 1) after 50 others), so the revocation,
// stamped 30 ms after it by the other isolate's clock, ended nothing and bob stayed signed in for good.
// The other isolate's revocation is its mark, put into the KV as that isolate writes it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const CACHE_LAPSED_MS = 5_001; // past the isolate's revocation cache (README: Revocation)
const clock = handClock();

const kinds = {
  'cookie sessions, revocation: { kv }': { prefix: 'edge-session:revoked:', make: (kv) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } }) },
  'Workers KV storage': { prefix: 'revoked:', make: (kv) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }) },
};

/** The KV key of bob's revocation mark, made by revoking him once an hour before the test's burst. */
async function markKeyOf(kv, prefix, storage) {
  await storage.revokeUserSessions('bob');
  return (await kv.list()).keys.map(({ name }) => name).find((name) => name.includes(prefix));
}

for (const [name, { prefix, make }] of Object.entries(kinds)) {
  describe(`a revocation from another isolate after a burst of sign-ins here (${name})`, () => {
    it('voids the sign-in made before it; regression: the sign-in was stamped ahead and stayed signed in', async () => {
      const base = clock.newDay();
      const kv = mapKV();
      const storage = make(kv);
      const key = await markKeyOf(kv, prefix, storage);
      clock.now = base + 3_600_000;
      const signedInAt = clock.now;
      for (let i = 0; i < 50; i++) await signIn(storage, `user${i}`); // one millisecond, as workerd's clock between I/O
      const bob = await signIn(storage, 'bob');
      await kv.put(key, JSON.stringify({ at: signedInAt + 30 })); // "sign out everywhere", elsewhere, 30 ms later
      clock.now = signedInAt + 30 + CACHE_LAPSED_MS;
      assert.equal((await storage.getSession(bob)).get('userId'), undefined, 'bob, signed in before the revocation, is still signed in');
    });

    it('a sign-in after that revocation stays signed in', async () => {
      const base = clock.newDay();
      const kv = mapKV();
      const storage = make(kv);
      const key = await markKeyOf(kv, prefix, storage);
      clock.now = base + 3_600_000;
      const revokedAt = clock.now;
      for (let i = 0; i < 50; i++) await signIn(storage, `user${i}`);
      await kv.put(key, JSON.stringify({ at: revokedAt }));
      clock.now = revokedAt + CACHE_LAPSED_MS;
      const bob = await signIn(storage, 'bob');
      assert.equal((await storage.getSession(bob)).get('userId'), 'bob');
    });

    it('bob\'s own sign-ins in one millisecond are each recorded and all ended by a revocation in it', async () => {
      const base = clock.newDay();
      const kv = mapKV();
      const storage = make(kv);
      const devices = [];
      for (let i = 0; i < 3; i++) devices.push(await signIn(storage, 'bob'));
      assert.equal(await storage.revokeUserSessions('bob'), 3);
      for (const device of devices) assert.equal((await storage.getSession(device)).get('userId'), undefined);
      const after = await signIn(storage, 'bob'); // the same millisecond, after the revocation
      assert.equal((await storage.getSession(after)).get('userId'), 'bob');
    });
  });
}
