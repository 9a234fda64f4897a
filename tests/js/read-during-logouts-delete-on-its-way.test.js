// A request that reads its session while another tab's logout has sent the record's delete, the store not yet done
// with it (the read still finds the record), writes that session no more once the delete is done (README, Logout:
// "a request that read (or last wrote) a record before such a delete writes it no more"; the callbacks have no
// conditional write). The delete is numbered once the store has deleted it (js/recent-deletes.js deleteNoted).
// Mutation pass (s50): the note keeping the number it was given when the delete was sent went unnoticed; the read,
// marked after that number, counted as after the logout, and its commit wrote the logged-out session back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { gate } from '../helpers/gate.js';
import { mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['read-during-delete-0123456789abcdef'], maxAge: 3600 };

/** Callbacks that look `backend`'s methods up at each call, so that one replaced later is the one called. */
const lateBound = (backend) => ({
  createData: (...args) => backend.createData(...args),
  readData: (...args) => backend.readData(...args),
  updateData: (...args) => backend.updateData(...args),
  deleteData: (...args) => backend.deleteData(...args),
});

/** Holds `target[method]`'s next call before it does its work: the store has it, and has not deleted yet. */
function holdBeforeWork(target, method) {
  const original = target[method];
  const held = gate();
  target[method] = async function (...args) {
    target[method] = original;
    await held.pass();
    return original.apply(this, args);
  };
  return held;
}

const STORES = {
  callbacks: () => {
    const backend = mapBackend();
    return { storage: createSessionStorage({ cookie, ...lateBound(backend) }), holdDelete: () => holdBeforeWork(backend, 'deleteData') };
  },
  kv: () => {
    const kv = mapKV();
    return { storage: createWorkersKVSessionStorage({ cookie, kv }), holdDelete: () => holdBeforeWork(kv, 'delete') };
  },
};

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: a read made while a logout's delete is on its way`, () => {
    it('finds the session, and its commit after the delete is refused: the old cookie opens nothing', async () => {
      const { storage, holdDelete } = make();
      const signIn = await storage.getSession(null);
      signIn.set('userId', 'ann');
      const header = (await storage.commitSession(signIn)).split(';')[0];

      const deleting = holdDelete();
      const logout = storage.getSession(header).then((session) => storage.destroySession(session));
      await deleting.reached;
      const page = await storage.getSession(header); // the record is still there
      assert.equal(page.get('userId'), 'ann');
      deleting.open();
      await logout;

      page.set('seen', true);
      assert.match(await storage.commitSession(page), /Max-Age=0/, 'its commit is refused, as after a logout');
      assert.equal((await storage.getSession(header)).get('userId'), undefined, 'the old cookie opens nothing');
    });
  });
}
