// README (Workers KV): a write KV refuses for the rate of writes to its key (429) "has the refused write tried again
// a second later (four attempts at most)"; past them the 429 is thrown (js/kv-keys.js MAX_KV_ATTEMPTS), and a
// delete is tried as a write is. Mutation pass (s47): a fifth attempt went unnoticed; a key refused for good held
// its request a second longer, and its line the key's later writes.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { deleteWithRetries, putWithRetries } from '../../js/kv-keys.js';

/** A KV namespace refusing every write for the rate of writes to the key, as under another isolate's flood; `tries` counts them. */
function alwaysRefusingKv() {
  const refuse = () => {
    kv.tries++;
    throw new Error('KV PUT failed: 429 Too Many Requests');
  };
  const kv = { tries: 0, put: async () => refuse(), delete: async () => refuse() };
  return kv;
}

it('a write or a delete KV keeps refusing (429) is tried four times, a second apart, then the 429 is thrown', async () => {
  for (const [name, write] of [
    ['put', (kv) => putWithRetries(kv, 'session:refused', 'v')],
    ['delete', (kv) => deleteWithRetries(kv, 'session:refused')],
  ]) {
    const kv = alwaysRefusingKv();
    const began = performance.now();
    await assert.rejects(write(kv), /429 Too Many Requests/, name);
    const took = performance.now() - began;
    assert.equal(kv.tries, 4, `${name}: four attempts`);
    assert.ok(took >= 2900, `${name}: a second apart (${Math.round(took)} ms)`);
  }
});
