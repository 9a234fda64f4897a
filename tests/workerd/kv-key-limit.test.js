// Inside workerd with its local Workers KV, which refuses keys over 512 bytes as deployed KV does. Regression
// (black-box pass over platform limits): the KV storage took any keyPrefix, and one of 420 bytes with userKey made
// every sign-in fail with a 500 (its index key, `<keyPrefix>user:<64 hex>:<32 hex>`, passed 512 bytes). A keyPrefix
// that leaves the longest key too long is now refused when the storage is made; one at the bound works.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./kv-key-limit-worker/wrangler.toml', import.meta.url)), secrets: { SESSION_SECRET: 'kv-key-limit-secret' } });
}, { timeout: 60_000 });
after(() => worker?.dispose());

const run = async (query) => (await fetch(new URL(`/?${query}`, worker.url))).json();

it('with userKey: a keyPrefix of 402 bytes signs in, lists, revokes and signs out; 403 is refused when made', { timeout: 30_000 }, async () => {
  assert.deepEqual(await run('bytes=402&user=1'), { seen: 'ann', listed: 1, revoked: 1 });
  const { refused } = await run('bytes=403&user=1');
  assert.match(refused, /^TypeError: createWorkersKVSessionStorage: keyPrefix is 403 bytes .*keep keyPrefix to 402 bytes/);
});

it('without userKey: a keyPrefix of 472 bytes works; 473 is refused when made', { timeout: 30_000 }, async () => {
  assert.deepEqual(await run('bytes=472'), { seen: 'ann', listed: null, revoked: null });
  assert.match((await run('bytes=473')).refused, /keep keyPrefix to 472 bytes/);
});
