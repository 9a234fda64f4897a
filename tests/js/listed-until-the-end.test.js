// A user's sessions are listed and counted until their exact end, as the core serves them. Regression (review of
// the session times in milliseconds): the index was given the stores' retention, the end of the limit's second, and
// a session ended up to 999 ms before was still listed, counted by revokeUserSessions, and took a place under the
// per-user bound.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFileSessionStorage, createMemorySessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const secrets = ['listed-until-the-end'];
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-listed-'));
after(() => rm(scratch, { recursive: true, force: true }));
let dirs = 0;
const kinds = {
  memory: (options) => createMemorySessionStorage(options),
  file: (options) => createFileSessionStorage({ dir: join(scratch, String(++dirs)), ...options }),
  KV: (options) => createWorkersKVSessionStorage({ kv: mapKV(), ...options }),
};
// 100 ms into a second: the end of the limit's second is 900 ms past the limit.
const T0 = 1_700_000_010_100;
const pairOf = (setCookie) => setCookie.split(';')[0];

for (const [kind, make] of Object.entries(kinds)) {
  describe(`${kind} storage: a session is listed until its end, not to the end of that second`, () => {
    for (const [limit, options, limitMs] of [
      ['maxAge 1', { cookie: { secrets, maxAge: 1 } }, 1000],
      ['idleTimeout 2', { cookie: { secrets }, idleTimeout: 2 }, 2000],
      ['absoluteTimeout 2', { cookie: { secrets }, absoluteTimeout: 2 }, 2000],
    ]) {
      it(`${limit}: listed and counted 1 ms before its end, neither at it`, async (t) => {
        t.mock.timers.enable({ apis: ['Date'], now: T0 });
        const storage = make({ ...options, userKey: 'userId' });
        const session = await storage.getSession(null);
        session.set('userId', 'ada');
        const cookie = pairOf(await storage.commitSession(session));
        t.mock.timers.setTime(T0 + limitMs - 1);
        assert.equal((await storage.listUserSessions('ada')).length, 1, 'listed before its end');
        t.mock.timers.setTime(T0 + limitMs);
        assert.equal((await storage.getSession(cookie)).get('userId'), undefined, 'not served at its end');
        assert.deepEqual(await storage.listUserSessions('ada'), [], 'not listed at its end');
        assert.equal(await storage.revokeUserSessions('ada'), 0, 'not counted at its end');
      });
    }
  });
}
