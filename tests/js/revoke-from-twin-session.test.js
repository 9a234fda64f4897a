// "Sign out of my other devices" from one Session object while another Session object of the same cookie (another
// loader's getSession) commits that device's regenerateId(true), in either order and at any tick: the device keeps
// its new ID and only the other device ends. Cookie sessions have no ID to move: their `except` is the Session
// signed in anew, the one to commit (README).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const dirs = [];

const STORES = {
  memory: () => createMemorySessionStorage({ cookie, userKey: 'userId' }),
  callbacks: () => createSessionStorage({ cookie, ...callbacksOf(mapBackend()), userKey: 'userId' }),
  kv: () => createWorkersKVSessionStorage({ cookie, kv: mapKV(), userKey: 'userId' }),
  file: () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-session-revoke-twin-'));
    dirs.push(dir);
    return createFileSessionStorage({ cookie, dir, userKey: 'userId' });
  },
};

async function signIn(storage, user) {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return (await storage.commitSession(session)).split(';')[0];
}

const TICKS = 40;

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: a revocation from one Session object racing the rotation another commits`, () => {
    for (const revokeFirst of [true, false]) {
      it(`keeps the device under its new ID (${revokeFirst ? 'revocation' : 'rotation'} called first)`, async () => {
        const lost = [];
        for (let ticks = 0; ticks < TICKS; ticks++) {
          const storage = make();
          const mine = await signIn(storage, 'ann');
          const other = await signIn(storage, 'ann');
          const rotating = await storage.getSession(mine); // one loader
          const revoker = await storage.getSession(mine); // another, with its own getSession
          let revoking;
          let committing;
          if (revokeFirst) revoking = storage.revokeUserSessions('ann', { except: revoker });
          else {
            rotating.regenerateId(true);
            committing = storage.commitSession(rotating);
          }
          for (let i = 0; i < ticks; i++) await null;
          if (revokeFirst) {
            rotating.regenerateId(true);
            committing = storage.commitSession(rotating);
          } else revoking = storage.revokeUserSessions('ann', { except: revoker });
          const header = (await committing).split(';')[0];
          const count = await revoking;
          const kept = (await storage.getSession(header)).get('userId') === 'ann';
          const otherEnded = (await storage.getSession(other)).get('userId') === undefined;
          const listed = (await storage.listUserSessions('ann')).length;
          if (count !== 1 || !kept || !otherEnded || listed !== 1) lost.push({ ticks, count, kept, otherEnded, listed });
        }
        assert.deepEqual(lost, [], 'interleavings where the revocation went wrong');
      });
    }

    it('keeps the device when the twin\'s regenerateId() leaves the old record alive', async () => {
      const storage = make();
      const mine = await signIn(storage, 'ann');
      const other = await signIn(storage, 'ann');
      const rotating = await storage.getSession(mine);
      const revoker = await storage.getSession(mine);
      rotating.regenerateId();
      const committing = storage.commitSession(rotating);
      const count = await storage.revokeUserSessions('ann', { except: revoker });
      const header = (await committing).split(';')[0];
      assert.equal((await storage.getSession(header)).get('userId'), 'ann', 'the device, under its new ID');
      assert.equal((await storage.getSession(other)).get('userId'), undefined, 'the other device');
      assert.ok(count >= 1, 'the other device counted');
    });

    it('flags the device as current under its new ID when a twin lists the sessions', async () => {
      const wrong = [];
      for (let ticks = 0; ticks < TICKS; ticks += 3) {
        const storage = make();
        const mine = await signIn(storage, 'ann');
        await signIn(storage, 'ann');
        const rotating = await storage.getSession(mine);
        const lister = await storage.getSession(mine);
        rotating.regenerateId(true);
        const committing = storage.commitSession(rotating);
        for (let i = 0; i < ticks; i++) await null;
        const sessions = await storage.listUserSessions('ann', { current: lister });
        await committing;
        const current = sessions.filter((entry) => entry.current);
        if (sessions.length !== 2 || current.length !== 1 || current[0].id !== rotating.id) wrong.push({ ticks, sessions });
      }
      assert.deepEqual(wrong, [], 'interleavings where the list was wrong');
    });
  });
}

process.on('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
