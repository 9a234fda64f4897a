// "Sign out of my other devices" (revokeUserSessions with `except`) made while the device's own regenerateId(true) is
// being committed (React Router runs a page's loaders at once): the device stays signed in and only the other ends.
// Regression (review): the revocation kept the ID the session was read under, ended the new one the commit was
// making, and the commit then deleted the old one: the device that asked was signed out too.
// The other order (the rotation's commit called just after the revocation): tests/js/revoke-before-own-commit.test.js.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { holdNext } from '../helpers/gate.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

const lateBound = (backend) => ({
  createData: (...args) => backend.createData(...args),
  readData: (...args) => backend.readData(...args),
  updateData: (...args) => backend.updateData(...args),
  deleteData: (...args) => backend.deleteData(...args),
});

const STORES = {
  callbacks: () => {
    const backend = mapBackend();
    return { storage: createSessionStorage({ cookie, ...lateBound(backend), userKey: 'userId' }), holdNewRecord: () => holdNext(backend, 'createData') };
  },
  kv: () => {
    const kv = mapKV();
    return { storage: createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }), holdNewRecord: () => holdNext(kv, 'put', (key) => key.startsWith('session:')) };
  },
};

async function signIn(storage, user) {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return (await storage.commitSession(session)).split(';')[0];
}

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: "sign out of my other devices" while this device's own rotation is being committed`, () => {
    it('keeps this device signed in, and ends only the other one', async () => {
      const { storage, holdNewRecord } = make();
      const mine = await signIn(storage, 'ann');
      const other = await signIn(storage, 'ann');

      const session = await storage.getSession(mine);
      session.regenerateId(true);
      const hold = holdNewRecord();
      const committing = storage.commitSession(session); // one loader commits the rotation
      await hold.reached;
      const revoking = storage.revokeUserSessions('ann', { except: session }); // another loader, at once
      await new Promise((resolve) => setTimeout(resolve, 10));
      hold.release();
      const count = await revoking;
      await committing;
      // The revocation signed the kept session in anew: its response writes it again (as withSession would).
      const header = (await storage.commitSession(session)).split(';')[0];

      assert.equal(count, 1, 'one other device ended');
      assert.equal((await storage.getSession(other)).get('userId'), undefined, 'the other device is signed out');
      assert.equal((await storage.getSession(header)).get('userId'), 'ann', 'this device stays signed in');
      assert.equal((await storage.listUserSessions('ann')).length, 1, 'and is listed');
    });
  });
}
