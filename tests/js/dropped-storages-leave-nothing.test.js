// A storage the app drops (one per tenant, one per request as React Router's createDatabaseSessionStorage makes
// them, a dev server's reload) is freed whole, its sessions with it: what this isolate notes per backend
// (recent-deletes.js, recent-users.js, per-backend.js perBackend) and the revocation scopes of callback storages
// (per-backend.js scopeOf over their readData) hold store objects weakly, in WeakMaps. (A KV binding is the env's,
// held for the isolate's life anyway: tests/js/kv-revocation-across-storages.test.js.)
// Mutation pass (s48): perBackend keeping store objects in a Map went unnoticed, and so did scopeOf keeping bindings
// in one; each dropped storage's sessions (its database, for callbacks) stayed in memory for good.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { inFreshNode } from '../helpers/heap-in-fresh-node.js';

/**
 * Module code: `signIn(storage, values)`, a new session with `values` committed, its Cookie pair; `readAgain(storage,
 * pair)`, a read of it. Each session is disposed once used, as README asks of sessions an app holds by hand (those
 * it does not dispose are kept, up to 256, by design: README, Session's memory).
 */
const SIGN_IN = `
  async function signIn(storage, values) {
    const session = await storage.getSession(null);
    for (const [key, value] of Object.entries(values)) session.set(key, value);
    try {
      return (await storage.commitSession(session)).split(';')[0];
    } finally {
      session.dispose();
    }
  }
  async function readAgain(storage, pair) {
    (await storage.getSession(pair)).dispose();
  }
  const big = () => ({ blob: 'x'.repeat(100_000) + Math.random(), more: 'y'.repeat(100_000) + Math.random() });
`;

/** What 40 storages made and used by `use()` leave in the heap once dropped: bytes. */
async function leftBy(use) {
  const { left } = await inFreshNode(`
    import { createMemorySessionStorage, createSessionStorage } from 'edge-session';
    ${SIGN_IN}
    ${use}
    await use();
    const before = await heap();
    for (let i = 0; i < 40; i++) await use();
    console.log(JSON.stringify({ left: (await heap()) - before }));
  `);
  return left;
}

it('40 memory storages, each with a signed-in 200 KB session read again and another logged out, hold nothing once dropped', async () => {
  const left = await leftBy(`
    async function use() {
      const storage = createMemorySessionStorage({ cookie: { secrets: ['dropped-storages-secret-000000000000'] }, userKey: 'userId' });
      await readAgain(storage, await signIn(storage, { userId: 'ada', ...big() })); // its user noted
      await storage.destroySession(await storage.getSession(await signIn(storage, { userId: 'bob' }))); // a delete noted (destroySession frees it)
    }
  `);
  assert.ok(left < 3_000_000, `the dropped storages still hold ${(left / 1e6).toFixed(1)} MB`);
});

it('40 createSessionStorage storages, each over its own database with a signed-in 200 KB session read again, hold nothing once dropped', async () => {
  const left = await leftBy(`
    async function use() {
      const rows = new Map();
      const storage = createSessionStorage({
        cookie: { secrets: ['dropped-storages-secret-000000000000'] },
        userKey: 'userId',
        createData: async (data) => {
          const id = crypto.randomUUID();
          rows.set(id, data);
          return id;
        },
        readData: async (id) => rows.get(id) ?? null,
        updateData: async (id, data) => void rows.set(id, data),
        deleteData: async (id) => void rows.delete(id),
      });
      await readAgain(storage, await signIn(storage, { userId: 'ada', ...big() })); // its user's revocations looked up
    }
  `);
  assert.ok(left < 3_000_000, `the dropped storages still hold ${(left / 1e6).toFixed(1)} MB`);
});
