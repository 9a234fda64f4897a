// README (Workers KV): "An isolate's writes and deletes of one key go in line, one at a time: a write waiting its turn
// stands down for a later write of the same session (KV keeps the last anyway)"; js/kv-keys.js inLine waits a turn
// of the event loop even with none before it, so writes sent together (a page's calls at once) join the line before
// the first goes. Mutation pass (s47): the first going at once went unnoticed; two puts went out for one, the second
// within the second (Workers KV refuses it: 429, tried again a second later).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { putWithRetries } from '../../js/kv-keys.js';
import { mapKV } from './map-kv.js';

it('two writes of one key sent together make one put, of the later value, and both are answered as written', async () => {
  const kv = mapKV();
  const put = kv.put.bind(kv);
  const puts = [];
  kv.put = async (key, value, options) => {
    puts.push(value);
    return put(key, value, options);
  };
  const answers = await Promise.all([putWithRetries(kv, 'session:together', 'first'), putWithRetries(kv, 'session:together', 'second')]);
  assert.deepEqual(answers, [true, true]);
  assert.deepEqual(puts, ['second']);
  assert.equal(await kv.get('session:together'), 'second');
});
