// A hand session parked (and changed/restored) while its commit awaits the store.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { holdNext } from '../helpers/gate.js';
import { mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
async function churn() {
  const f = [];
  for (let i = 0; i < 2 * MAX_LIVE_SESSIONS; i++) f.push(await createSession({ i }));
  for (const s of f) s.dispose();
}

describe('review H: parked during a commit awaiting its store', () => {
  for (const change of [false, true]) it(`regenerateId(true) + write held, parked meanwhile${change ? ', changed meanwhile' : ''}`, async () => {
    const backend = mapBackend();
    const storage = createSessionStorage({ cookie, createData: (...a) => backend.createData(...a), readData: (...a) => backend.readData(...a), updateData: (...a) => backend.updateData(...a), deleteData: (...a) => backend.deleteData(...a) });
    const first = await storage.getSession(null);
    first.set('a', 1);
    const h1 = (await storage.commitSession(first)).split(';')[0];
    const s = await storage.getSession(h1);
    const oldId = s.id;
    s.set('b', 2);
    s.regenerateId(true);
    const held = holdNext(backend, 'createData');
    const commit = storage.commitSession(s);
    await held.reached;
    await churn();
    if (change) s.set('c', 3);
    await churn();
    held.release();
    const h2 = (await commit).split(';')[0];
    await churn();
    assert.equal(s.deleteId, undefined, 'old id deleted: not to delete again');
    assert.equal(s.dirty, change);
    const h3 = (await storage.commitSession(s)).split(';')[0];
    assert.equal(h3, h2);
    const back = await storage.getSession(h3);
    assert.deepEqual([back.get('a'), back.get('b'), back.get('c')], [1, 2, change ? 3 : undefined]);
    assert.equal(await backend.readData(oldId), null);
  });
});
