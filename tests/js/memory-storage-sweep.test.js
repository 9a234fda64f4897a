// The memory storage serves long-running single-process servers: sessions whose browsers never come back (bots,
// closed tabs) must not hold memory once expired. Heap sizes are compared in a fresh node with --expose-gc.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

it('frees expired records nobody reads again as other sessions are written; regression (review): they were dropped only when read, so 400 expired 50 KB sessions held 20 MB for good', async () => {
  const source = `
    import { createMemorySessionStorage } from 'edge-session';
    const realNow = Date.now;
    let offset = 0;
    Date.now = () => realNow() + offset;
    const heap = () => (globalThis.gc(), globalThis.gc(), process.memoryUsage().heapUsed);
    const storage = createMemorySessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge: 60 }, userKey: 'userId' });
    async function visit(values) {
      const session = await storage.getSession(null);
      for (const [key, value] of Object.entries(values)) session.set(key, value);
      return storage.commitSession(session);
    }
    await visit({ n: 0 });
    const before = heap();
    const blob = 'x'.repeat(50_000);
    for (let i = 0; i < 400; i++) await visit({ blob: blob + i, userId: 'user' + i });
    const full = heap();
    offset += 3_600_000; // an hour on, every one has expired, and no browser comes back
    for (let i = 0; i < 400; i++) await visit({ n: i }); // while traffic goes on
    const after = heap();
    console.log(JSON.stringify({ grew: full - before, left: after - before, listed: (await storage.listUserSessions('user1')).length }));
  `;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '--eval', source], { cwd: root });
  const { grew, left, listed } = JSON.parse(stdout);
  assert.ok(grew > 15_000_000, `the 400 sessions took ${grew} bytes`); // the measure sees them
  assert.ok(left < 5_000_000, `expired sessions still hold ${(left / 1e6).toFixed(1)} MB`);
  assert.equal(listed, 0);
});
