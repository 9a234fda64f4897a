// A session begun at ms 0 (node:test's mock clock starts there) and committed again later ends at its
// absoluteTimeout from ms 0: its record, its listing and its count. Regression (review): a start at 0 was read as
// "no start" (`created || now`), and the later commit's time was taken for it: the session stayed listed, counted
// and stored 5 s past its end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemorySessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { secrets: ['epoch'] };
const pairOf = (setCookie) => setCookie.split(';')[0];

const STORES = {
  memory: () => createMemorySessionStorage({ cookie, absoluteTimeout: 10, userKey: 'userId' }),
  kv: () => createWorkersKVSessionStorage({ cookie, kv: mapKV(), absoluteTimeout: 10, userKey: 'userId' }),
};

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: a session begun at ms 0`, () => {
    for (const start of [0, 1_700_000_000_000]) {
      it(`ends at its absoluteTimeout after a later commit (clock from ${start})`, async (t) => {
        t.mock.timers.enable({ apis: ['Date'], now: start });
        const storage = make();
        const session = await storage.getSession(null);
        session.set('userId', 'ada');
        const header = pairOf(await storage.commitSession(session));
        t.mock.timers.setTime(start + 5000);
        const again = await storage.getSession(header);
        again.set('x', 1);
        await storage.commitSession(again);
        t.mock.timers.setTime(start + 9999);
        assert.equal((await storage.getSession(header)).get('userId'), 'ada', 'served until its end');
        assert.equal((await storage.listUserSessions('ada')).length, 1);
        t.mock.timers.setTime(start + 10_000);
        assert.equal((await storage.getSession(header)).get('userId'), undefined, 'not served at its end');
        assert.deepEqual(await storage.listUserSessions('ada'), [], 'not listed past its absoluteTimeout');
        assert.equal(await storage.revokeUserSessions('ada'), 0, 'not counted past its absoluteTimeout');
      });
    }
  });
}
