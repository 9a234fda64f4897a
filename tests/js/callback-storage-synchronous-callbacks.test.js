// createSessionStorage's callbacks may answer at once, not only with a Promise (index.d.ts: a synchronous backend,
// an in-process Map or SQLite's synchronous API, needs no `async`), and a synchronous throw is the backend's
// failure, as a rejection is (README Errors: STORAGE_FAILED, its cause the backend's error). Every path that calls
// them, the users' records included: sign-in, read, change, listing, revocation, logout. Pinned when the types took
// synchronous callbacks (s48; the types pass had found the run time serving them).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, SessionStorageError } from 'edge-session';
import { signIn } from '../helpers/sign-in.js';

function syncStorage() {
  const rows = new Map();
  const state = { failing: false };
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['callback-synchronous-callbacks-000000'] },
    userKey: 'userId',
    createData(data) {
      const id = crypto.randomUUID();
      rows.set(id, data);
      return id;
    },
    readData(id) {
      if (state.failing) throw new Error('database locked');
      return rows.get(id);
    },
    updateData: (id, data) => rows.set(id, data),
    deleteData: (id) => rows.delete(id),
  });
  return { storage, rows, state };
}

it('sign-in, read, change, listing, revocation and logout through callbacks that answer at once', async () => {
  const { storage } = syncStorage();
  const laptop = await signIn(storage, 'ada');
  const phone = await signIn(storage, 'ada');
  const session = await storage.getSession(laptop);
  assert.equal(session.get('userId'), 'ada');
  session.set('theme', 'dark');
  await storage.commitSession(session);
  assert.equal((await storage.getSession(laptop)).get('theme'), 'dark');
  assert.equal((await storage.listUserSessions('ada')).length, 2);
  assert.equal(await storage.revokeUserSessions('ada', { except: await storage.getSession(laptop) }), 1);
  assert.equal((await storage.getSession(phone)).get('userId'), undefined, 'the phone was signed out');
  await storage.destroySession(await storage.getSession(laptop));
  assert.equal((await storage.getSession(laptop)).get('userId'), undefined, 'the laptop logged out');
  assert.deepEqual(await storage.listUserSessions('ada'), []);
});

it('a synchronous throw is STORAGE_FAILED with that error as its cause', async () => {
  const { storage, state } = syncStorage();
  const pair = await signIn(storage, 'ada');
  state.failing = true;
  const error = await storage.getSession(pair).then(() => assert.fail('read'), (caught) => caught);
  assert.ok(error instanceof SessionStorageError, String(error));
  assert.equal(error.code, 'STORAGE_FAILED');
  assert.equal(error.cause.message, 'database locked');
});
