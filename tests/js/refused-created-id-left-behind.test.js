// createData returned an ID the storage's isValidId refuses (a database's integer row ID, React Router's
// createSessionStorage example with an autoincrement key; an ID of another shape): the commit fails with
// SessionStorageError INVALID_SESSION_ID, as README says, and nothing may be left of it. Every other failure after
// createData deletes the record it made (a cookie too large, a failed listing); this one left it, one orphaned record
// per request, each holding the session's data (its user too) for good. And its message, which withSession logs,
// named the whole ID, where README promises logs and errors name a session by its first 8 characters.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, withSession } from 'edge-session';

const SECRET = 'V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc=';

function tableStorage(newId, isValidId) {
  const rows = new Map();
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: [SECRET] },
    createData: async (data) => {
      const id = newId(rows.size);
      rows.set(id, data);
      return id;
    },
    readData: async (id) => rows.get(id) ?? null,
    updateData: async (id, data) => void rows.set(id, data),
    deleteData: async (id) => void rows.delete(id),
    ...(isValidId ? { isValidId } : {}),
  });
  return { rows, storage };
}

it('an integer row ID (refused: IDs are strings) leaves no row behind', async () => {
  const { rows, storage } = tableStorage((n) => n + 1);
  const session = await storage.getSession(null);
  session.set('userId', 'ada@example.com');
  await assert.rejects(storage.commitSession(session), { name: 'SessionStorageError', code: 'INVALID_SESSION_ID' });
  assert.deepEqual([...rows.keys()], [], 'the row createData made is still there');
});

it('under withSession, each request that fails so leaves no row behind', async () => {
  const { rows, storage } = tableStorage((n) => n + 1);
  const errors = [];
  const realError = console.error;
  console.error = (...args) => errors.push(args.map(String).join(' '));
  try {
    const fetch = withSession(storage, (request, { session }) => {
      session.set('visits', 1);
      return new Response('ok');
    });
    for (let i = 0; i < 3; i++) {
      const response = await fetch(new Request('https://app.example/'), {}, { waitUntil() {} });
      assert.equal(response.status, 500);
    }
  } finally {
    console.error = realError;
  }
  assert.equal(errors.length, 3);
  assert.equal(rows.size, 0, `${rows.size} orphaned rows`);
});

it('a string ID a custom isValidId refuses is named by its first 8 characters in the error (and so the log)', async () => {
  const id = 'legacy-0123456789abcdef0123456789abcdef';
  const { rows, storage } = tableStorage(() => id, (candidate) => /^[0-9a-f]{32}$/.test(candidate));
  const session = await storage.getSession(null);
  session.set('n', 1);
  await assert.rejects(storage.commitSession(session), (error) => {
    assert.equal(error.code, 'INVALID_SESSION_ID');
    assert.ok(!error.message.includes(id), error.message);
    assert.ok(error.message.includes(id.slice(0, 8)), error.message);
    return true;
  });
  assert.equal(rows.size, 0);
});

it('a createData that returns nothing (undefined, null, an object) has no deleteData run with that: an ORM would read it as no filter', async () => {
  for (const returned of [undefined, null, { id: 1 }]) {
    const deleted = [];
    const storage = createSessionStorage({
      cookie: { name: '__session', secrets: [SECRET] },
      createData: async () => returned,
      readData: async () => null,
      updateData: async () => {},
      deleteData: async (id) => void deleted.push(id),
    });
    const session = await storage.getSession(null);
    session.set('n', 1);
    await assert.rejects(storage.commitSession(session), { code: 'INVALID_SESSION_ID' });
    assert.deepEqual(deleted, [], `deleteData ran with ${JSON.stringify(returned)}`);
  }
});
