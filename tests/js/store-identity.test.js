// What a storage over one backend knows of a session read through another instance, or through a storage over
// another backend (a store the app moves its sessions from), and what a refused user switch leaves behind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createMemorySessionStorage, createSessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { cookiePair } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

const secrets = ['s3cr3t'];
const dir = () => tempDir('edge-session-identity-');

/** A device signing in as `user`: its Cookie header and session ID. */
async function signIn(storage, user) {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return { header: cookiePair(await storage.commitSession(session)), id: session.id };
}

const userOf = async (storage, header) => (await storage.getSession(header)).get('userId');

describe('The file storage over a path whose target changes while the process runs', () => {
  const make = (at) => createFileSessionStorage({ dir: at, cookie: { secrets }, userKey: 'userId' });

  it('a link retargeted by a deploy: a logout racing a request through an instance made before stays a logout; regression (review): the real path was kept once known, the two instances counted as two backends, and the logout was written back', async () => {
    const base = dir();
    mkdirSync(join(base, 'v1'));
    mkdirSync(join(base, 'v2'));
    const linked = join(base, 'current');
    symlinkSync(join(base, 'v1'), linked);
    const early = make(linked);
    await signIn(early, 'zed'); // used, over v1
    unlinkSync(linked);
    symlinkSync(join(base, 'v2'), linked); // the deploy
    const late = make(linked);
    const device = await signIn(late, 'ada');
    const inFlight = await early.getSession(device.header); // a slow request, read through the early instance
    await late.destroySession(await late.getSession(device.header)); // the user signs out meanwhile
    inFlight.set('cart', [1]);
    assert.match(await late.commitSession(inFlight), /Max-Age=0/, 'the commit after the logout is refused');
    assert.equal(await userOf(late, device.header), undefined);
    assert.deepEqual(await late.listUserSessions('ada'), []);
  });

  it('a directory replaced by a link to a volume after an instance used it: a logout racing a request stays a logout', async () => {
    const base = dir();
    const at = join(base, 'sessions');
    const early = make(at);
    await signIn(early, 'zed'); // makes `sessions` a real directory
    renameSync(at, join(base, 'volume'));
    symlinkSync(join(base, 'volume'), at);
    const late = make(at);
    const device = await signIn(late, 'ada');
    const inFlight = await late.getSession(device.header);
    await late.destroySession(await late.getSession(device.header));
    inFlight.set('cart', [1]);
    assert.match(await early.commitSession(inFlight), /Max-Age=0/);
    assert.equal(await userOf(late, device.header), undefined);
    assert.deepEqual(await late.listUserSessions('ada'), []);
  });
});

describe('A session moved from one store into another', () => {
  /** A database behind React Router's four callbacks (updateData an upsert) whose next created ID is `nextId()`. */
  function callbackDb(nextId) {
    const rows = new Map();
    const callbacks = {
      createData: async (data) => {
        const id = nextId();
        rows.set(id, data);
        return id;
      },
      readData: async (id) => rows.get(id) ?? null,
      updateData: async (id, data) => void rows.set(id, data),
      deleteData: async (id) => void rows.delete(id),
    };
    return { callbacks, rows };
  }

  for (const userKey of [undefined, 'userId']) {
    it(`gets a record of its own there, never another session's under the same ID (userKey: ${userKey}); regression (review): written under the old store's ID, it overwrote another user's session, whose cookie then opened it`, async () => {
      const from = createMemorySessionStorage({ cookie: { secrets }, userKey });
      const ada = await signIn(from, 'ada');
      let next = ada.id; // the new store's first ID is the old one's: IDs of two stores may meet
      const db = callbackDb(() => (next === ada.id ? ((next = ''), ada.id) : randomUUID()));
      const to = createSessionStorage({ ...db.callbacks, cookie: { secrets }, userKey });
      const bob = await signIn(to, 'bob');
      assert.equal(bob.id, ada.id);
      const moving = await from.getSession(ada.header);
      moving.regenerateId(true); // its old ID names bob's record in the new store: nothing there is deleted
      moving.set('movedAt', 1);
      const moved = cookiePair(await to.commitSession(moving));
      assert.equal(await userOf(to, bob.header), 'bob', "bob's cookie still opens bob's session");
      assert.notEqual(moving.id, bob.id);
      assert.deepEqual((await to.getSession(moved)).data, { userId: 'ada', movedAt: 1 });
      if (userKey) assert.deepEqual((await to.listUserSessions('bob')).map((s) => s.id), [bob.id]);
      assert.equal(await userOf(from, ada.header), 'ada', 'the old store is the app\'s to clear');
    });
  }

  it('is no move between two callback storages a factory made over one database (React Router\'s createDatabaseSessionStorage): the session keeps its ID and record; regression (review): each commit made a new record, and past 100 the user\'s other devices were signed out', async () => {
    const db = callbackDb(() => randomUUID());
    // The callbacks written inline, as React Router's docs do: each storage has callbacks of its own.
    const makeStorage = () => createSessionStorage({ ...Object.fromEntries(Object.entries(db.callbacks).map(([name, call]) => [name, (...args) => call(...args)])), cookie: { secrets }, userKey: 'userId' });
    const lifecycle = makeStorage();
    const route = makeStorage();
    const phone = await signIn(lifecycle, 'ada');
    const laptop = await signIn(lifecycle, 'ada');
    let cookie = laptop.header;
    for (let i = 0; i < 105; i++) {
      const session = await lifecycle.getSession(cookie);
      session.set('page', i);
      cookie = cookiePair(await route.commitSession(session));
    }
    assert.equal(cookie, laptop.header, 'the same session ID');
    assert.equal([...db.rows.values()].filter((data) => data?.userId === 'ada').length, 2, 'two records, one per device');
    assert.equal(await userOf(lifecycle, phone.header), 'ada', 'the phone is still signed in');
    assert.equal((await lifecycle.listUserSessions('ada')).length, 2);
  });
});

describe('A user switch a racing revocation refuses', () => {
  const ticks = async (n) => {
    for (let i = 0; i < n; i++) await Promise.resolve();
  };

  /**
   * Runs `prepare(storage)` (a signed-in session about to switch, and what to check), then its commit while a
   * revocation of `revoked` runs, at many interleavings, until three refused it; `check` then looks at what is left.
   */
  async function raceSwitch(make, kind, revoked, prepare) {
    let refused = 0;
    for (let k = 0; k < 60 && refused < 3; k++) {
      const storage = make();
      const { session, check } = await prepare(storage);
      const commit = storage.commitSession(session);
      if (kind === 'memory') await ticks(k);
      else await new Promise((resolve) => setTimeout(resolve, k % 8));
      await storage.revokeUserSessions(revoked);
      if (!/Max-Age=0/.test(await commit)) continue; // signed in after the revocation: fine
      refused++;
      await check(storage, `@${k}`);
    }
    assert.ok(refused > 0, 'some interleaving refused the commit');
  }

  for (const [kind, make] of [
    ['memory', () => createMemorySessionStorage({ cookie: { secrets }, userKey: 'userId' })],
    ['file', () => createFileSessionStorage({ dir: dir(), cookie: { secrets }, userKey: 'userId' })],
  ]) {
    it(`is answered with a logout and leaves nothing of the session it left (${kind}); regression (review): the previous user's record stayed alive and listed`, async () => {
      await raceSwitch(make, kind, 'bob', async (storage) => {
        const ada = await signIn(storage, 'ada');
        const session = await storage.getSession(ada.header);
        session.set('userId', 'bob');
        const check = async (store, at) => {
          assert.equal(await userOf(store, ada.header), undefined, `${at}: ada's record is ended`);
          assert.deepEqual(await store.listUserSessions('ada'), [], `${at}: and not listed`);
        };
        return { session, check };
      });
    });

    it(`switched to bob and back to ada in one request, the second commit refused, leaves nothing of bob (${kind})`, async () => {
      await raceSwitch(make, kind, 'ada', async (storage) => {
        const ada = await signIn(storage, 'ada');
        const session = await storage.getSession(ada.header);
        session.set('userId', 'bob');
        const bobs = cookiePair(await storage.commitSession(session));
        session.set('userId', 'ada');
        const check = async (store, at) => {
          assert.equal(await userOf(store, bobs), undefined, `${at}: bob's interim record is ended`);
          assert.deepEqual(await store.listUserSessions('bob'), [], `${at}: and not listed`);
        };
        return { session, check };
      });
    });
  }
});

// The delete marker of a moved session (regenerateId(true), a user switch) names the old store's ID, which may be
// another session's in the new store: a commit that stands clears it, and destroying a moved session deletes
// nothing under its old IDs. Regression (review): the next commit, or a destroySession, deleted that ID in the new
// store, another user's session, and signed them out.
function idsMeetingDb(nextId) {
  const rows = new Map();
  const callbacks = {
    createData: async (data) => { const id = nextId(); rows.set(id, data); return id; },
    readData: async (id) => rows.get(id) ?? null,
    updateData: async (id, data) => void rows.set(id, data),
    deleteData: async (id) => void rows.delete(id),
  };
  return { callbacks, rows };
}

async function signInAs(storage, user) {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return { header: cookiePair(await storage.commitSession(session)), id: session.id };
}
const userIn = async (storage, header) => (await storage.getSession(header)).get('userId');

/** ada signed in on a memory store (`from`), bob on a callback store (`to`) under the same ID; ada's session read. */
async function movingOverAnotherSession() {
  const from = createMemorySessionStorage({ cookie: { secrets }, userKey: 'userId' });
  const ada = await signInAs(from, 'ada');
  let next = ada.id;
  const db = idsMeetingDb(() => (next === ada.id ? ((next = ''), ada.id) : randomUUID()));
  const to = createSessionStorage({ ...db.callbacks, cookie: { secrets }, userKey: 'userId' });
  const bob = await signInAs(to, 'bob');
  assert.equal(bob.id, ada.id);
  return { from, to, ada, bob, db, moving: await from.getSession(ada.header) };
}

/** The same, the session given a new ID (regenerateId(true)) and changed. */
async function movedAfterRegenerate() {
  const moved = await movingOverAnotherSession();
  moved.moving.regenerateId(true);
  moved.moving.set('movedAt', 1);
  return moved;
}

describe('A moved session\'s old IDs in the new store', () => {
  it('regenerateId(true): a second commit in the new store deletes no other session named by the old store\'s ID; regression (review): its delete marker stayed, and signed bob out', async () => {
    const { to, bob, moving } = await movedAfterRegenerate();
    await to.commitSession(moving); // the move: nothing of bob's touched (project test covers this)
    assert.equal(await userIn(to, bob.header), 'bob');
    moving.set('page', 2);
    await to.commitSession(moving); // e.g. withSession's end-of-request commit, or a second loader's
    assert.equal(await userIn(to, bob.header), 'bob', "bob's cookie still opens bob's session");
    assert.deepEqual((await to.listUserSessions('bob')).map((s) => s.id), [bob.id], 'bob still listed');
  });

  it('moved + regenerateId(true): destroySession through the new store deletes only the moved session, not another session named by the old store\'s ID', async () => {
    const { to, bob, moving } = await movedAfterRegenerate();
    await to.destroySession(moving);
    assert.equal(await userIn(to, bob.header), 'bob', "bob's cookie still opens bob's session");
  });

  it('moved + regenerateId(true): destroy after a first commit through the new store does not delete another session', async () => {
    const { to, bob, moving } = await movedAfterRegenerate();
    await to.commitSession(moving);
    await to.destroySession(moving);
    assert.equal(await userIn(to, bob.header), 'bob', "bob's cookie still opens bob's session");
  });

  it('moved + user switch (no regenerateId by the app): a second commit in the new store does not delete another session', async () => {
    const { to, bob, moving } = await movingOverAnotherSession();
    moving.set('userId', 'carol'); // a user switch: leaveId marks ada.id for deletion
    await to.commitSession(moving);
    assert.equal(await userIn(to, bob.header), 'bob');
    moving.set('page', 2);
    await to.commitSession(moving);
    assert.equal(await userIn(to, bob.header), 'bob', "bob's cookie still opens bob's session");
  });

  it('moved, not regenerated: destroySession through the new store does not delete another session under the old store\'s ID', async () => {
    const { to, bob, moving } = await movingOverAnotherSession();
    await to.destroySession(moving);
    assert.equal(await userIn(to, bob.header), 'bob', "bob's cookie still opens bob's session");
  });
});
