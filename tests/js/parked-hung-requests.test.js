// Regression (second review of the parking of sessions): a request whose handler never settles (in workerd, a request the client aborted while the handler
// awaited I/O: the I/O is cancelled and its promise never settles, so withSession's `finally` never runs). Its
// session is in requestSessions, so parking skips it, and the core's `holders` Set holds it strongly: with the
// FinalizationRegistry gone, nothing frees it. Before the parking (6f84153), the abandoned handler's closure was
// collectable and the registry freed the WasmSession.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The collector, as --expose-gc gives it, so that the test runs under plain `node --test`.
setFlagsFromString('--expose-gc');
globalThis.gc ??= runInNewContext('gc');

const N = 2000;

async function settle() {
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('requests that never end', () => {
  it(`${N} withSession requests whose handler hangs (aborted): their sessions' memory is freed once unreachable`, async () => {
    assert.ok(globalThis.gc, 'run with node --expose-gc');
    const core = await loadCore();
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
    const seed = await storage.getSession(null);
    for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
    const header = (await storage.commitSession(seed)).split(';')[0];
    await settle();
    const base = core.liveSessionCount();
    const handler = withSession(storage, async (request, { session }) => {
      session.get('key1');
      await new Promise(() => {}); // the aborted request's I/O: never settles
      return new Response('never');
    });
    for (let i = 0; i < N; i++) handler(new Request('https://example.com/', { headers: { Cookie: header } }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle();
    const live = core.liveSessionCount() - base;
    assert.ok(live <= 256, `${live} sessions of abandoned requests still hold WebAssembly memory`);
  });
});
