// Regression (second review of the parking of sessions): a session whose snapshot is too long to restore in one call (a wide incoming flash) is never parked
// ([park] returns false) and, with the FinalizationRegistry gone, never freed either when the app drops it
// uncommitted: the core's `holders` Set holds it strongly for the instance's life. Each holds ~1-2 MiB of WebAssembly
// memory; before the parking (6f84153) the registry freed it after a GC.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage } from 'edge-session';
import { loadCore } from '../../js/loader.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The collector, as --expose-gc gives it, so that the test runs under plain `node --test`.
setFlagsFromString('--expose-gc');
globalThis.gc ??= runInNewContext('gc');

const big = (c) => c.repeat(120 * 1024);

describe('wide sessions dropped uncommitted', () => {
  it('are freed once unreachable', async () => {
    assert.ok(globalThis.gc, 'run with node --expose-gc');
    const core = await loadCore();
    const storage = createMemorySessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
    const first = await storage.getSession(null);
    for (const k of ['f1', 'f2', 'f3']) first.flash(k, big(k[1]));
    first.set('v', 1);
    const header = (await storage.commitSession(first)).split(';')[0];
    const base = core.liveSessionCount();
    for (let i = 0; i < 300; i++) {
      // A loader reads it, sets values, and throws before its commit (or returns without committing).
      const session = await storage.getSession(header);
      for (const k of ['v1', 'v2', 'v3', 'v4']) session.set(k, big(k[1]));
    }
    for (let i = 0; i < 5; i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const live = core.liveSessionCount() - base;
    const bytes = core.module.HEAPU8.buffer.byteLength;
    assert.ok(live <= 256, `${live} dropped wide sessions still hold WebAssembly memory (${(bytes / 2 ** 20).toFixed(0)} MiB)`);
  });
});
