// Regression (audit): with a maxAge past what a Date holds (Number.MAX_SAFE_INTEGER, "for ever") our own stores
// keep the record until deleted, but createSessionStorage handed its callbacks the invalid Date itself: a backend
// storing `expires.toISOString()` failed every commit (a 500), one comparing `expires > new Date()` never read the
// record back. The callbacks now get undefined (no end), as for a cookie without maxAge.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createSessionStorage } from 'edge-session';
import { callbackStorage, removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

after(removeStoreDirs);

const cookie = { secrets: [SECRET], maxAge: Number.MAX_SAFE_INTEGER };

describe('createSessionStorage with a maxAge past the range of Date', () => {
  it('the other server-side storages keep the session (control)', async () => {
    for (const name of ['memory', 'file', 'kv']) {
      const storage = STORAGES[name]({ cookie });
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const header = await storage.commitSession(session);
      assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada', name);
    }
  });

  it('hands createData and updateData undefined, never an invalid Date', async () => {
    const seen = [];
    const storage = createSessionStorage({
      cookie,
      createData: async (data, expires) => (seen.push(expires), 'id1'),
      readData: async () => ({ user: 'ada' }),
      updateData: async (id, data, expires) => void seen.push(expires),
      deleteData: async () => {},
    });
    const session = await storage.getSession(null);
    session.set('user', 'ada');
    const header = await storage.commitSession(session);
    const again = await storage.getSession(cookiePair(header));
    again.set('user', 'bo');
    await storage.commitSession(again);
    assert.deepEqual(seen.map(String), ['undefined', 'undefined']); // as text: the test reporter cannot show an invalid Date
  });

  it('commits and reads back through a backend that stores expires as a timestamp', async () => {
    const storage = callbackStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('user', 'ada');
    const header = await storage.commitSession(session);
    assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada');
  });
});
