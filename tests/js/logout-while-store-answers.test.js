// A logout (or an eviction) made while a request's own store call is on its way back must not be undone by that
// request, on the stores whose writes cannot say "only while the record is still there" (Workers KV, callbacks).
// Each call held here has done its work in the backend (the row read, the write applied) and answers only later,
// as a database across a network does. Regressions (review of js/recent-deletes.js):
// - a read in flight during the logout was marked once it answered, after the logout's note;
// - a commit's write in flight during the logout was marked once it answered, and the request's next commit wrote
//   the session back;
// - a request running past a minute wrote it back once a later delete had pruned the note;
// - two callback storages over one database (React Router's createDatabaseSessionStorage) kept separate notes;
// - an eviction past MAX_USER_SESSIONS deleted records without a note, and the evicted device's request in flight
//   wrote its session back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { MAX_USER_SESSIONS } from '../../js/user-index.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { holdNext } from '../helpers/gate.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

// Each store: a storage over a backend, and how to hold its record reads and writes.
const STORES = {
  kv: () => {
    const kv = mapKV();
    const isRecord = (key) => key.startsWith('session:');
    return {
      make: (options) => createWorkersKVSessionStorage({ cookie, ...options, kv }),
      holdRead: () => holdNext(kv, 'get', isRecord),
      holdWrite: () => holdNext(kv, 'put', isRecord),
      holdNewRecord: () => holdNext(kv, 'put', isRecord),
    };
  },
  callbacks: () => {
    const backend = mapBackend();
    const isRecord = (id) => !id.startsWith('es:');
    return {
      // A new set of callbacks for each storage, as a factory over one database makes them.
      make: (options) => createSessionStorage({ cookie, ...options, ...lateBound(backend) }),
      holdRead: () => holdNext(backend, 'readData', isRecord),
      holdWrite: () => holdNext(backend, 'updateData', isRecord),
      holdNewRecord: () => holdNext(backend, 'createData'), // a new ID's record is createData's
    };
  },
};

/** Callbacks that look `backend`'s methods up at each call (so a hold set later reaches them), new for each storage. */
const lateBound = (backend) => ({
  createData: (...args) => backend.createData(...args),
  readData: (...args) => backend.readData(...args),
  updateData: (...args) => backend.updateData(...args),
  deleteData: (...args) => backend.deleteData(...args),
});

async function signIn(storage, user = 'ann') {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return (await storage.commitSession(session)).split(';')[0];
}

async function logOut(storage, header) {
  await storage.destroySession(await storage.getSession(header));
}

const userOf = async (storage, header) => (await storage.getSession(header)).get('userId');

for (const [name, store] of Object.entries(STORES)) {
  describe(`${name}: a logout while the request's store call is on its way back`, () => {
    it('a read in flight: its request does not write the session back', async () => {
      const { make, holdRead } = store();
      const storage = make();
      const header = await signIn(storage);
      const hold = holdRead();
      const pending = storage.getSession(header); // the row is read, its answer on its way
      await hold.reached;
      await logOut(storage, header);
      hold.release();
      const late = await pending;
      assert.equal(late.get('userId'), 'ann', 'it read the session as it was');
      late.set('seen', true);
      assert.match(await storage.commitSession(late), /Max-Age=0/, 'its commit is refused, as after a logout');
      assert.equal(await userOf(storage, header), undefined, 'the old cookie opens nothing');
    });

    it('a commit\'s write in flight: it is refused, the record deleted again', async () => {
      const { make, holdWrite } = store();
      const storage = make();
      const header = await signIn(storage);
      const page = await storage.getSession(header);
      page.set('step', 1);
      const hold = holdWrite();
      const committing = storage.commitSession(page); // applied by the backend, its answer on its way
      await hold.reached;
      // KV's delete of the key waits in line behind the write in flight (one write per key at a time).
      const out = logOut(storage, header);
      await new Promise((resolve) => setTimeout(resolve, 5));
      hold.release();
      await out;
      assert.match(await committing, /Max-Age=0/, 'which landed last is unknown: the logout stands');
      assert.equal(await userOf(storage, header), undefined, 'the old cookie opens nothing');
    });

    for (const deleteOld of [false, true]) {
      it(`a rotation (regenerateId(${deleteOld})) whose new record is on its way: refused, the new record deleted`, async () => {
        const { make, holdNewRecord } = store();
        const storage = make();
        const header = await signIn(storage);
        const page = await storage.getSession(header);
        page.regenerateId(deleteOld);
        const hold = holdNewRecord();
        const committing = storage.commitSession(page);
        await hold.reached;
        const out = logOut(storage, header);
        await new Promise((resolve) => setTimeout(resolve, 5));
        hold.release();
        await out;
        const answer = await committing;
        assert.match(answer, /Max-Age=0/);
        assert.equal(await userOf(storage, answer.split(';')[0]), undefined, 'no record under a new ID either');
        assert.equal(await userOf(storage, header), undefined, 'the old cookie opens nothing');
      });
    }

    it('a request running past a minute: a later delete forgets the note, and the store is asked', async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: NOW });
      const { make } = store();
      const storage = make();
      const ann = await signIn(storage, 'ann');
      const bob = await signIn(storage, 'bob');
      const slow = await storage.getSession(ann); // ann's long request
      await logOut(storage, ann); // ann logs out in another tab
      t.mock.timers.tick(61_000);
      await logOut(storage, bob); // any later delete prunes the notes older than a minute
      slow.set('seen', true);
      assert.match(await storage.commitSession(slow), /Max-Age=0/);
      assert.equal(await userOf(storage, ann), undefined, 'the old cookie opens nothing');
    });

    it(`an eviction past ${MAX_USER_SESSIONS} sessions: the evicted device's request in flight does not write it back`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: NOW });
      const { make } = store();
      const storage = make({ userKey: 'userId' });
      const oldest = await signIn(storage);
      for (let i = 1; i < MAX_USER_SESSIONS; i++) {
        t.mock.timers.tick(1000);
        await signIn(storage);
      }
      const slow = await storage.getSession(oldest); // a request of the least recently seen device
      t.mock.timers.tick(1000);
      await signIn(storage); // one too many: the oldest ends
      assert.equal(await userOf(storage, oldest), undefined, 'evicted');
      slow.set('seen', true);
      await storage.commitSession(slow);
      assert.equal(await userOf(storage, oldest), undefined, 'still evicted');
      assert.equal((await storage.listUserSessions('ann')).length, MAX_USER_SESSIONS);
    });
  });
}

it('two callback storages over one database: a logout through one is not undone by a request through the other', async () => {
  const backend = mapBackend();
  const routeStorage = createSessionStorage({ cookie, ...callbacksOf(backend) });
  const lifecycleStorage = createSessionStorage({ cookie, ...callbacksOf(backend) });
  const header = await signIn(lifecycleStorage);
  const slow = await lifecycleStorage.getSession(header);
  await logOut(routeStorage, header);
  slow.set('seen', true);
  assert.match(await lifecycleStorage.commitSession(slow), /Max-Age=0/);
  assert.equal(await userOf(lifecycleStorage, header), undefined, 'the old cookie opens nothing');
});
