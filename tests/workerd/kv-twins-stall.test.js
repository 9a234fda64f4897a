// Workers KV with userKey: one browser's requests at once (a flash, a logout, two sign-ins, a counter) stalled one
// of them for TWIN_WAIT_MS (10 s, js/twin-sessions.js) on local KV, which answers in milliseconds, though no request
// was cancelled. The twins' turns were chained, each chain a promise made by its request; a logout's chain, left
// pending when it answered, was resolved later from another request, which workerd never lets settle (its
// continuations cancelled: handle_cross_request_promise_resolution). Timing-dependent, so tried a few times. Found by
// a seeded randomized concurrency run over tests/workerd/concurrency-worker (seed 12, round 4; seed 2, round 5).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./concurrency-worker/wrangler.toml', import.meta.url));
let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'concurrency-test-secret-5d1e0c77a9b24f68' }, logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

it('one browser\'s concurrent requests on KV never wait out the twins\' 10 s bound', { timeout: 120_000 }, async () => {
  for (let attempt = 0; attempt < 8; attempt++) {
    const jar = new CookieJar();
    const user = `stall-${process.pid}-${attempt}`;
    await jar.fetch(new URL(`/kv/signin?user=${user}`, worker.url), { method: 'POST' });
    // [path, ms before it is sent, ms its handler takes]
    const steps = [['flash', 3, 17], ['logout', 5, 19], [`signin?user=${user}`, 9, 11], [`signin?user=${user}`, 12, 5], ['inc', 12, 14]];
    const took = await Promise.all(steps.map(async ([path, start, delay]) => {
      await sleep(start);
      const sent = Date.now();
      const { response } = await jar.fetch(new URL(`/kv/${path}${path.includes('?') ? '&' : '?'}delay=${delay}`, worker.url), { method: 'POST', signal: AbortSignal.timeout(20_000) });
      await response.text();
      assert.equal(response.status, 200);
      return [path.split('?')[0], Date.now() - sent];
    }));
    for (const [action, ms] of took) assert.ok(ms < 3000, `attempt ${attempt}: ${action} took ${ms} ms (${JSON.stringify(took)})`);
  }
});
