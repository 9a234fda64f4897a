// createSessionStorage with an isValidId that takes any string: an ID createData makes holding a lone UTF-16
// surrogate cannot pass through the core (which holds IDs as UTF-8) unchanged. Found by the Unicode review: the
// session came back with id "x\ufffd", its next commit wrote a second record under that ID, and the record
// createData made ("x\ud800") was orphaned, never updated nor deleted. Such an ID must be refused at once
// (INVALID_SESSION_ID, as any ID isValidId refuses), not silently changed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, SessionStorageError } from 'edge-session';

it('an ID with a lone surrogate is refused when created, never silently changed', async () => {
  const made = 'x\ud800';
  const db = new Map();
  const written = [];
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['s3cr3t'] },
    isValidId: () => true,
    async createData(data) { db.set(made, data); return made; },
    async readData(id) { return db.get(id) ?? null; },
    async updateData(id, data) { written.push(id); db.set(id, data); },
    async deleteData(id) { db.delete(id); },
  });
  const session = await storage.getSession(null);
  session.set('cart', 1);
  let header;
  try {
    header = (await storage.commitSession(session)).split(';')[0];
  } catch (error) {
    assert.ok(error instanceof SessionStorageError && error.code === 'INVALID_SESSION_ID', String(error));
    return;
  }
  const again = await storage.getSession(header);
  assert.equal(again.id, made, 'the session keeps the ID its backend made');
  again.set('cart', 2);
  await storage.commitSession(again);
  assert.deepEqual(written, [made], 'the update goes to the record createData made');
});
