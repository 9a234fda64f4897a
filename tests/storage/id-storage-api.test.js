// Behaviours of every ID-based storage that React Router users rely on by habit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemorySessionStorage, createSessionStorage } from 'edge-session';
import { COOKIE_NAME, cookiePair, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET] };

function callbackStorage() {
  const records = new Map();
  let next = 0;
  return {
    records,
    storage: createSessionStorage({
      cookie,
      async createData(data) {
        const id = `record-${++next}`;
        records.set(id, data);
        return id;
      },
      readData: async (id) => records.get(id) ?? null,
      updateData: async (id, data) => void records.set(id, data),
      deleteData: async (id) => void records.delete(id),
    }),
  };
}

describe('ID-based storages', () => {
  // Regression: commitSession called this.destroySession, which is undefined once the methods are
  // destructured, as React Router's docs do.
  it('work with destructured methods, a destroyed session included', async () => {
    const { getSession, commitSession, destroySession } = createMemorySessionStorage({ cookie });
    const session = await getSession(null);
    session.set('user', 'ada');
    const header = cookiePair(await commitSession(session));

    const again = await getSession(header);
    assert.equal(again.get('user'), 'ada');
    again.destroy();
    assert.match(await commitSession(again), /Max-Age=0/);
    assert.match(await destroySession(await getSession(null)), /Max-Age=0/);
  });

  // Regression: a new session kept the ID '' after its first commit, so a second commit in the same
  // request created a second record and orphaned the first.
  it('give a new session its ID at the first commit, and a second commit updates that record', async () => {
    const { storage, records } = callbackStorage();
    const session = await storage.getSession(null);
    session.set('step', 1);
    const first = await storage.commitSession(session);
    assert.equal(session.id, 'record-1');
    session.set('step', 2);
    const second = await storage.commitSession(session);
    assert.equal(records.size, 1);
    assert.deepEqual(records.get('record-1'), { step: 2 });
    assert.equal(cookiePair(first), cookiePair(second));
  });

  it('delete the record a new session was first stored under when it regenerates with deleteOldSession', async () => {
    const { storage, records } = callbackStorage();
    const session = await storage.getSession(null);
    session.set('user', 'ada');
    await storage.commitSession(session);
    session.regenerateId(true);
    assert.equal(session.deleteId, 'record-1');
    await storage.commitSession(session);
    assert.deepEqual([...records.keys()], [session.id]);
  });
});
