// Nothing a request creates outlives it, inside workerd, where FinalizationRegistry may never run:
// after hundreds of Post/Redirect/Get cycles through withSession with each storage (and requests whose
// handler throws), no session is alive in the WASM core and its linear memory has stopped growing.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./leak-worker/wrangler.toml', import.meta.url));
const CYCLES = 300;

describe('WASM memory inside workerd', { timeout: 120_000 }, () => {
  let worker;
  before(async () => {
    worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'leak-test-secret-9c1e' } });
  });
  after(() => worker?.dispose());

  async function probe() {
    return (await fetch(new URL('/core', worker.url))).json();
  }

  async function cycles(store, count) {
    const jar = new CookieJar();
    for (let i = 0; i < count; i++) {
      const posted = await jar.fetch(new URL(`/${store}`, worker.url), { method: 'POST' });
      await posted.response.arrayBuffer();
      assert.equal(posted.response.status, 303);
      const shown = await jar.fetch(new URL(`/${store}`, worker.url));
      const body = await shown.response.json();
      assert.deepEqual(body, { count: i + 1, notice: 'Saved!' });
    }
    const failed = await jar.fetch(new URL(`/${store}/throw`, worker.url));
    assert.equal(failed.response.status, 500);
    await failed.response.arrayBuffer();
  }

  for (const store of ['cookie', 'kv', 'do']) {
    it(`frees every session and stops growing with the ${store} storage`, async (t) => {
      await cycles(store, 50); // warm-up: the heap reaches its working size
      const warm = await probe();
      await cycles(store, CYCLES);
      const end = await probe();
      t.diagnostic(`${store}: ${CYCLES} cycles, WASM memory ${warm.memory} -> ${end.memory} bytes, live sessions ${end.live}`);
      assert.equal(end.live, 0);
      assert.equal(end.memory, warm.memory);
    });
  }

  // Last: the sessions it leaves hold memory (64 at most), where the tests above count none.
  // Regression (audit): sessions read but never committed nor disposed (a loader's getSession outside withSession)
  // held their memory until a GC, which workerd rarely ran: 8 -> 106 MiB over 800,000 reads. At most 256 (js/core-calls.js MAX_LIVE_SESSIONS) hold it now.
  it('keeps WASM memory flat over 20,000 reads of a 40-key cookie never committed nor disposed', async (t) => {
    const read = async (reads) => {
      const response = await fetch(new URL(`/unfreed?reads=${reads}`, worker.url));
      assert.equal(await response.text(), 'ok');
    };
    await read(500); // warm-up
    const warm = await probe();
    for (let i = 0; i < 40; i++) await read(500);
    const end = await probe();
    t.diagnostic(`20,000 unfreed reads: WASM memory ${warm.memory} -> ${end.memory} bytes, live sessions ${end.live}`);
    assert.ok(end.live <= 256, `${end.live} sessions hold memory`);
    assert.ok(end.memory - warm.memory < 2 ** 20, `grew by ${end.memory - warm.memory} bytes`);
  });
});
