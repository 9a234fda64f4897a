// Inside workerd with its local Workers KV: a logout or an eviction made while another request's KV call is on its
// way back must not be undone by that request (one isolate; js/recent-deletes.js). Regressions (review): a read in
// flight during the logout was marked after it, and its request wrote the session back; a commit's next write after
// a put in flight did the same; an eviction past 100 sessions was noted nowhere, and the evicted device's request
// wrote its session back, listed as a 101st.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./kv-races-worker/wrangler.toml', import.meta.url)), secrets: { SESSION_SECRET: 'kv-races-secret' } });
}, { timeout: 60_000 });
after(() => worker?.dispose());

const run = async (path) => (await fetch(new URL(path, worker.url))).json();

it('a read in flight during a logout: its commit is refused, the old cookie opens nothing', { timeout: 30_000 }, async () => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await run('/read-in-flight');
    assert.equal(result.userAfter, null, JSON.stringify(result));
    if (result.readSaw !== null) assert.equal(result.refused, true, JSON.stringify(result));
  }
});

it('a commit\'s write in flight during a logout: refused, the old cookie opens nothing', { timeout: 30_000 }, async () => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await run('/write-in-flight');
    assert.deepEqual(result, { refused: true, userAfter: null });
  }
});

it('an eviction past 100 sessions during a request of the evicted device: it stays evicted, 100 listed', { timeout: 60_000 }, async () => {
  assert.deepEqual(await run('/evicted-in-flight'), { evicted: true, userAfter: null, listed: 100 });
});
