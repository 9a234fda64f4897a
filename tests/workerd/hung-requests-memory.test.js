// Requests that never end, inside workerd: a handler awaiting I/O when its client went away (or a promise that can
// never settle, "The script will never generate a response") is cancelled, and withSession's `finally`, which frees
// the session's WebAssembly memory, never runs. Regression (long-lived isolate pass): such sessions were kept out of
// parking (js/core-calls.js MAX_LIVE_SESSIONS), left to a FinalizationRegistry that workerd runs only at a full GC:
// 12,800 of them held 8,900 sessions and grew the isolate's linear memory from 1 to 44 MiB (77 MiB over 48,000),
// which never shrinks; larger sessions reach Workers' 128 MB per isolate sooner. (In Node the collector runs often
// enough: tests/js/parked-hung-requests.test.js.)
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./leak-worker/wrangler.toml', import.meta.url));
const HUNG = 3000;

let worker;
before(async () => {
  // 'none': workerd logs each cancelled request.
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'hung-requests-secret-4b7d' }, logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

const probe = async () => (await fetch(new URL('/core', worker.directUrl))).json();

/** Sends `count` requests whose handler never settles, 16 at a time; workerd answers each once it cancels it. */
async function hang(count) {
  await Promise.all(
    Array.from({ length: 16 }, async (_, lane) => {
      for (let i = lane; i < count; i += 16) {
        const response = await fetch(new URL('/hang', worker.directUrl), { signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        assert.equal(response.status, 500, 'cancelled by workerd');
      }
    }),
  );
}

it(`keeps WebAssembly memory flat over ${HUNG.toLocaleString('en')} requests whose handler never settles: their sessions are parked`, { timeout: 120_000 }, async (t) => {
  await hang(1000); // warm-up: the heap reaches its working size
  const warm = await probe();
  await hang(HUNG);
  const end = await probe();
  t.diagnostic(`${HUNG} hung requests: WASM memory ${warm.memory} -> ${end.memory} bytes, live sessions ${warm.live} -> ${end.live}`);
  // js/core-calls.js parkIdleRequests: up to MAX_LIVE_SESSIONS left to the collector, then those listed, looked at
  // once per MAX_LIVE_SESSIONS more, each look parking those unused since the one before.
  assert.ok(end.live <= 3 * MAX_LIVE_SESSIONS, `${end.live} sessions of cancelled requests hold memory`);
  assert.ok(end.memory - warm.memory < 2 ** 20, `grew by ${end.memory - warm.memory} bytes`);
});
