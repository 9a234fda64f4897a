// createMemorySessionStorage and createSessionStorage (React Router's callback API) in Node, against the real .wasm.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createCookie,
  createMemorySessionStorage,
  createSessionStorage,
  SessionStorageError,
} from 'edge-session';
import { describeIdStorage } from './contract.js';
import { COOKIE_NAME, cookiePair, idOf, near, readFresh, SECRET, signedCookie } from './support.js';

/** A createSessionStorage over a Map that expires records like a real backend, and logs every callback. */
function mapBackedStorage(cookie) {
  const records = new Map(); // id -> { data, expires }
  const calls = [];
  const storage = createSessionStorage({
    cookie,
    async createData(data, expires) {
      calls.push(['createData', data, expires]);
      const id = randomUUID();
      records.set(id, { data, expires });
      return id;
    },
    async readData(id) {
      calls.push(['readData', id]);
      const entry = records.get(id);
      if (!entry) return null;
      if (entry.expires && entry.expires <= new Date()) {
        records.delete(id);
        return null;
      }
      return entry.data;
    },
    async updateData(id, data, expires) {
      calls.push(['updateData', id, data, expires]);
      records.set(id, { data, expires });
    },
    async deleteData(id) {
      calls.push(['deleteData', id]);
      records.delete(id);
    },
  });
  return { storage, records, calls };
}

describeIdStorage('createMemorySessionStorage', async (cookie) => {
  const storage = createMemorySessionStorage({ cookie });
  // The memory storage has no backdoor; a record exists when its ID still opens a session.
  const stored = async (id) => {
    const session = await storage.getSession(signedCookie(id));
    const found = session.id === id;
    session.dispose();
    return found;
  };
  return { storage, stored };
});

describeIdStorage(
  'createSessionStorage',
  async (cookie) => {
    const { storage, records } = mapBackedStorage(cookie);
    return { storage, stored: async (id) => records.has(id) };
  },
  { idPattern: /^[0-9a-f-]{36}$/, backendIds: true }, // whatever createData returns is the ID
);

describe('createSessionStorage callbacks', () => {
  const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 600 };

  /** A backend of integer keys (SQL SERIAL) whose updateData and deleteData refuse any other key, as a typed column does. */
  function serialBackend() {
    const rows = new Map();
    let next = 1;
    const typed = (id) => {
      // The per-user records of userKey (`es:` IDs) live in a table of their own, upserted.
      if (!/^\d+$/.test(id) && !id.startsWith('es:')) throw new Error(`invalid input syntax for type integer: "${id}"`);
    };
    return {
      rows,
      deleted: [],
      createData: async (data) => {
        const id = String(next++);
        rows.set(id, data);
        return id;
      },
      readData: async (id) => rows.get(id) ?? null,
      async updateData(id, data) {
        typed(id);
        rows.set(id, data);
      },
      async deleteData(id) {
        this.deleted.push(id);
        typed(id);
        rows.delete(id);
      },
    };
  }

  const callbacksOf = (backend) => ({
    createData: (...args) => backend.createData(...args),
    readData: (...args) => backend.readData(...args),
    updateData: (...args) => backend.updateData(...args),
    deleteData: (...args) => backend.deleteData(...args),
  });

  // Regression (review): the ID regenerateId made up was deleted first, the backend threw, the logout failed.
  it('destroySession after regenerateId(true): deleteData gets only IDs createData made', async () => {
    const backend = serialBackend();
    const storage = createSessionStorage({ cookie, ...callbacksOf(backend) });
    const first = await storage.getSession(null);
    first.set('user', 'mj');
    const header = cookiePair(await storage.commitSession(first));
    const session = await storage.getSession(header);
    session.regenerateId(true);
    assert.match(await storage.destroySession(session), /Max-Age=0/);
    assert.deepEqual(backend.deleted, ['1']);
    assert.equal(backend.rows.size, 0, 'the session is gone');
  });

  // Regression (review): commits in turn only per storage, each made a record through createData: two records,
  // two cookies, a phantom device listed.
  it('one regenerated session committed at once through two storages over one database: one record, one cookie', async () => {
    const backend = serialBackend();
    const make = () => createSessionStorage({ cookie, userKey: 'user', ...callbacksOf(backend) });
    const [a, b] = [make(), make()];
    const first = await a.getSession(null);
    first.set('user', 'mj');
    const session = await a.getSession(cookiePair(await a.commitSession(first)));
    session.regenerateId(true);
    const [viaA, viaB] = await Promise.all([a.commitSession(session), b.commitSession(session)]);
    assert.equal(idOf(viaA), idOf(viaB));
    assert.deepEqual([...backend.rows.keys()].filter((id) => /^\d+$/.test(id)), [idOf(viaA)]);
    assert.deepEqual((await a.listUserSessions('mj')).map((entry) => entry.id), [idOf(viaA)]);
  });

  // A backend whose updateData only changes rows createData made (SQL's UPDATE ... WHERE id = ?): a session given a
  // new ID (regenerateId, on sign-in) is created through createData. Regression (audit of issue 3): its record went
  // to updateData under the made-up ID, which such a backend dropped, and the user was signed out on signing in.
  for (const deleteOld of [true, false]) {
    it(`regenerateId(${deleteOld}) creates the record through createData: updateData is given only IDs createData made`, async () => {
      const rows = new Map();
      const updated = [];
      const storage = createSessionStorage({
        cookie,
        createData: async (data) => {
          const id = randomUUID();
          rows.set(id, data);
          return id;
        },
        readData: async (id) => rows.get(id) ?? null,
        updateData: async (id, data) => {
          updated.push(id);
          if (rows.has(id)) rows.set(id, data); // no upsert
        },
        deleteData: async (id) => void rows.delete(id),
      });
      const first = await storage.getSession(null);
      first.set('cart', ['book']);
      const before = cookiePair(await storage.commitSession(first));
      const oldId = idOf(before);
      const session = await storage.getSession(before);
      session.regenerateId(deleteOld);
      session.set('user', 'mj');
      const after = await storage.commitSession(session);
      assert.equal(idOf(after), session.id, 'the session has the ID createData made');
      assert.notEqual(idOf(after), oldId);
      assert.deepEqual(updated.filter((id) => !rows.has(id)), [], 'updateData saw no ID createData did not make');
      assert.deepEqual((await storage.getSession(cookiePair(after))).data, { cart: ['book'], user: 'mj' }, 'signed in');
      assert.equal(rows.has(oldId), !deleteOld);
    });
  }

  it('hands createData and updateData the data as React Router does: a plain object, flash under __flash_<key>__', async () => {
    const { storage, calls } = mapBackedStorage(cookie);
    const session = await storage.getSession(null);
    session.set('user', 'mj');
    session.flash('notice', 'hi');
    const setCookie = await storage.commitSession(session);
    session.dispose();
    const [name, data] = calls.at(-1);
    assert.equal(name, 'createData');
    // With the cookie's maxAge, the record carries the session's times (issue 11).
    const { __es__: times, ...rest } = data;
    assert.deepEqual(rest, { user: 'mj', __flash_notice__: 'hi' });
    assert.equal(times.length, 3);

    const again = await storage.getSession(cookiePair(setCookie));
    again.set('theme', 'dark');
    await storage.commitSession(again);
    again.dispose();
    const [updateName, id, updated] = calls.at(-1);
    assert.equal(updateName, 'updateData');
    assert.equal(id, idOf(setCookie));
    const { __es__: updatedTimes, ...updatedData } = updated;
    assert.deepEqual(updatedData, { user: 'mj', theme: 'dark' }, 'the flash was delivered, so it is gone');
    assert.equal(updatedTimes[0], times[0], 'created is kept');
  });

  it("passes expires = now + the cookie's maxAge to createData and updateData", async () => {
    const { storage, calls } = mapBackedStorage(cookie);
    const session = await storage.getSession(null);
    session.set('n', 1);
    const setCookie = await storage.commitSession(session);
    session.dispose();
    const createdExpires = calls.at(-1)[2];
    assert.ok(createdExpires instanceof Date);
    assert.ok(near(createdExpires, Date.now() + 600_000), `${createdExpires.toISOString()} is about now + 600 s`);

    const again = await storage.getSession(cookiePair(setCookie));
    again.set('n', 2);
    await storage.commitSession(again);
    again.dispose();
    assert.ok(near(calls.at(-1)[3], Date.now() + 600_000));
  });

  it("prefers the commit's maxAge or expires over the cookie's", async () => {
    const { storage, calls } = mapBackedStorage(cookie);
    const a = await storage.getSession(null);
    a.set('n', 1);
    await storage.commitSession(a, { maxAge: 30 });
    a.dispose();
    assert.ok(near(calls.at(-1)[2], Date.now() + 30_000));

    const when = new Date(Date.now() + 86_400_000);
    const b = await storage.getSession(null);
    b.set('n', 1);
    await storage.commitSession(b, { expires: when, maxAge: undefined });
    b.dispose();
    assert.equal(calls.at(-1)[2].getTime(), when.getTime());
  });

  it("uses the cookie's fixed expires date, and passes no expires when the cookie has neither", async () => {
    const when = new Date(Date.now() + 3_600_000);
    const fixed = mapBackedStorage(createCookie(COOKIE_NAME, { secrets: [SECRET], expires: when }));
    const a = await fixed.storage.getSession(null);
    a.set('n', 1);
    await fixed.storage.commitSession(a);
    a.dispose();
    assert.equal(fixed.calls.at(-1)[2].getTime(), when.getTime());

    const sessionOnly = mapBackedStorage({ name: COOKIE_NAME, secrets: [SECRET] });
    const b = await sessionOnly.storage.getSession(null);
    b.set('n', 1);
    await sessionOnly.storage.commitSession(b);
    b.dispose();
    assert.equal(sessionOnly.calls.at(-1)[2], undefined);
  });

  it('asks readData for the signed ID and never calls it for a cookie that fails verification', async () => {
    const { storage, calls } = mapBackedStorage(cookie);
    (await storage.getSession(signedCookie('abc'))).dispose();
    assert.deepEqual(calls.at(-1), ['readData', 'abc']);
    const before = calls.length;
    (await storage.getSession(signedCookie('abc', { secret: 'wrong' }))).dispose();
    (await storage.getSession(`${COOKIE_NAME}=garbage`)).dispose();
    (await storage.getSession(null)).dispose();
    assert.equal(calls.length, before);
  });

  it('never calls updateData with an unknown ID: the commit goes to createData', async () => {
    const { storage, calls } = mapBackedStorage(cookie);
    const session = await storage.getSession(signedCookie('not-a-stored-id'));
    session.set('x', 1);
    await storage.commitSession(session);
    session.dispose();
    assert.deepEqual(calls.map(([name]) => name), ['readData', 'createData']);
  });

  it('turns a failing backend into a SessionStorageError naming the action', async () => {
    const storage = createSessionStorage({
      cookie,
      createData: async () => {
        throw new Error('disk full');
      },
      readData: async () => null,
      updateData: async () => {},
      deleteData: async () => {},
    });
    const session = await storage.getSession(null);
    session.set('x', 1);
    await assert.rejects(storage.commitSession(session), (error) => {
      assert.ok(error instanceof SessionStorageError);
      assert.equal(error.code, 'STORAGE_FAILED');
      assert.match(error.message, /create.*disk full/);
      return true;
    });
    session.dispose();
  });

  it('rejects a strategy with a missing callback', () => {
    assert.throws(() => createSessionStorage({ cookie, createData: async () => 'x' }), TypeError);
  });
});

describe('createMemorySessionStorage', () => {
  it('keeps the sessions of two storages apart', async () => {
    const cookie = { name: COOKIE_NAME, secrets: [SECRET] };
    const one = createMemorySessionStorage({ cookie });
    const two = createMemorySessionStorage({ cookie });
    const session = await one.getSession(null);
    session.set('user', 'mj');
    const setCookie = await one.commitSession(session);
    session.dispose();
    await readFresh(two, cookiePair(setCookie), { notIds: [idOf(setCookie)] }, 'the other storage has no such session');
  });
});

describe('the Node entry', () => {
  it('exports the file and KV storages, and not the Durable Object one (it needs cloudflare:workers)', async () => {
    const api = await import('edge-session');
    assert.equal(typeof api.createFileSessionStorage, 'function');
    assert.equal(typeof api.createWorkersKVSessionStorage, 'function');
    assert.equal(api.createDurableObjectSessionStorage, undefined);
    assert.equal(api.SessionDurableObject, undefined);
  });
});
