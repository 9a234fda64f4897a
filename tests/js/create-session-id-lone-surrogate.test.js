// Lens review of aac8eb5 (createSessionStorage refuses a created ID holding a lone surrogate, INVALID_SESSION_ID:
// the core holds IDs as UTF-8, so 'x\ud800' came back as 'x\ufffd' and its record was orphaned). The other door an
// ID comes in by: createSession(data, id), React Router's way to replace the data of a session the app knows by
// ID (README, createSessionStorage: "updateData is given only IDs it made or your createSession(data, id) gave").
// Given 'x\ud800', the session's id silently became 'x\ufffd', and its commit wrote a record under that ID, one
// createData never made, leaving the record the app named untouched. Such an ID must be refused at once, as
// createSession refuses an ID that is no string, not silently changed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, createSessionStorage, SessionDataError } from 'edge-session';

it('createSession(data, id) refuses an ID with a lone surrogate, never silently changes it', async () => {
  const named = 'x\ud800';
  const db = new Map([[named, { cart: 1 }]]);
  const updated = [];
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['s3cr3t'] },
    isValidId: () => true,
    async createData(data) { const id = `n${db.size}`; db.set(id, data); return id; },
    async readData(id) { return db.get(id) ?? null; },
    async updateData(id, data) { updated.push(id); db.set(id, data); },
    async deleteData(id) { db.delete(id); },
  });
  let session;
  try {
    session = await createSession({ cart: 2 }, named);
  } catch (error) {
    assert.ok(error instanceof SessionDataError && error.code === 'INVALID_SESSION_ID', String(error));
    return;
  }
  assert.equal(session.id, named, 'the session keeps the ID the app gave');
  await storage.commitSession(session);
  assert.deepEqual(updated, [named], 'the commit replaces the record the app named');
});

it('createSession(data, id) still takes any well-formed ID, astral characters included', async () => {
  assert.equal((await createSession({}, 'id-😀-é')).id, 'id-😀-é');
});
