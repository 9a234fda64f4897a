// A memory storage the app drops (one per tenant or per test, a dev server's reload) is freed whole, its sessions
// with it: what this isolate notes per backend (recent-deletes.js, recent-users.js, per-backend.js perBackend) holds a
// store object weakly, as its comment says, so the notes of a storage nobody holds go with it. Heap sizes are
// compared in a fresh node with --expose-gc, as tests/js/memory-storage-sweep.test.js does. Mutation pass (s48):
// perBackend keeping store objects in a Map went unnoticed; each dropped storage's sessions stayed in memory for good.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('40 memory storages, each with a signed-in 200 KB session committed and logged out of another, hold nothing once dropped', async () => {
  const source = `
    import { createMemorySessionStorage } from 'edge-session';
    // After a turn of the event loop: a WeakRef made in this job holds its target until the job ends.
    const heap = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      globalThis.gc();
      globalThis.gc();
      return process.memoryUsage().heapUsed;
    };
    async function signIn(storage, values) {
      const session = await storage.getSession(null);
      for (const [key, value] of Object.entries(values)) session.set(key, value);
      return (await storage.commitSession(session)).split(';')[0];
    }
    async function use() {
      const storage = createMemorySessionStorage({ cookie: { secrets: ['dropped-memory-storage-secret-00000'] }, userKey: 'userId' });
      await signIn(storage, { userId: 'ada', blob: 'x'.repeat(100_000) + Math.random(), more: 'y'.repeat(100_000) + Math.random() }); // its user noted
      const other = await storage.getSession(await signIn(storage, { userId: 'bob' }));
      await storage.destroySession(other); // a delete noted
    }
    await use();
    const before = await heap();
    for (let i = 0; i < 40; i++) await use();
    console.log(JSON.stringify({ left: (await heap()) - before }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '--eval', source], { cwd: root });
  const { left } = JSON.parse(stdout);
  assert.ok(left < 3_000_000, `the dropped storages still hold ${(left / 1e6).toFixed(1)} MB`);
});
