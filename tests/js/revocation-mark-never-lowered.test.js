// Two revocations of one user from two isolates over one KV: the mark keeps the later `at`, as a Durable Object's
// index does (Math.max). Regression (model of two isolates sharing one KV): the revocation written last replaced
// the mark whatever its time, so one stamped earlier (its isolate's clock behind, or the other's stamps ahead after
// a burst of sign-ins) brought back, once the other isolates' 5 s caches lapsed, the sessions the later had ended.
// The other isolate's revocation is its mark, put into the KV as that isolate wrote it.
// The same over createSessionStorage's callbacks (two servers over one database). Regression (mutation pass): its
// revocation wrote its own `at` over the mark it had just read, however much later that one was.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();

const kinds = {
  'cookie sessions, revocation: { kv }': { prefix: 'edge-session:revoked:', make: (kv) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } }) },
  'Workers KV storage': { prefix: 'revoked:', make: (kv) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }) },
};

for (const [name, { prefix, make }] of Object.entries(kinds)) {
  describe(`a revocation stamped earlier than the mark another isolate wrote (${name})`, () => {
    it('leaves the later mark; regression: it lowered it', async () => {
      const kv = mapKV();
      const storage = make(kv);
      await storage.revokeUserSessions('ada'); // the user's mark exists: its key is known
      const [{ name: key }] = (await kv.list()).keys.filter(({ name }) => name.includes(prefix));
      const later = clock.now + 60_000; // the other isolate's revocation, stamped a minute later
      await kv.put(key, JSON.stringify({ at: later }));
      clock.now += 1_000;
      await storage.revokeUserSessions('ada');
      assert.equal(JSON.parse(await kv.get(key)).at, later);
    });

    it('a revocation stamped later still raises it', async () => {
      const kv = mapKV();
      const storage = make(kv);
      await storage.revokeUserSessions('ada');
      const [{ name: key }] = (await kv.list()).keys.filter(({ name }) => name.includes(prefix));
      const first = JSON.parse(await kv.get(key)).at;
      clock.now += 1_000;
      await storage.revokeUserSessions('ada');
      assert.ok(JSON.parse(await kv.get(key)).at > first);
    });
  });
}

describe('a revocation stamped earlier than the mark another isolate wrote (createSessionStorage callbacks)', () => {
  const make = (backend) => createSessionStorage({ cookie, ...callbacksOf(backend), userKey: 'userId' });
  /** The ID of the user's mark record (es:revoked:<digest>), the one record of that name a revocation writes. */
  const markIdIn = (backend) => [...backend.records.keys()].find((id) => id.startsWith('es:revoked:') && !id.endsWith(':left'));

  it('leaves the later mark; regression: it lowered it', async () => {
    const backend = mapBackend();
    const storage = make(backend);
    await storage.revokeUserSessions('ada');
    const markId = markIdIn(backend);
    const later = clock.now + 60_000; // the other server's revocation, stamped a minute later
    await backend.updateData(markId, { at: later });
    clock.now += 1_000;
    await storage.revokeUserSessions('ada');
    assert.equal((await backend.readData(markId)).at, later);
  });

  it('a revocation stamped later still raises it', async () => {
    const backend = mapBackend();
    const storage = make(backend);
    await storage.revokeUserSessions('ada');
    const markId = markIdIn(backend);
    const first = (await backend.readData(markId)).at;
    clock.now += 1_000;
    await storage.revokeUserSessions('ada');
    assert.ok((await backend.readData(markId)).at > first);
  });
});
