// js/kv-keys.js: "a key with none pending has no line": once a key's writes and deletes settle, its line is dropped,
// so an isolate holds lines only for the keys written at the moment (~1.2 KB each, kv-hung-write.test.js).
// Mutation pass (s47): settled lines kept went unnoticed; every key the isolate wrote held its line until the
// minute's sweep of hung lines, which runs only when a new line is made.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { deleteWithRetries, linesHeld, putWithRetries } from '../../js/kv-keys.js';
import { mapKV } from './map-kv.js';

it('no line is left once the writes and deletes of 100 keys have settled', async () => {
  const kv = mapKV();
  await Promise.all(Array.from({ length: 100 }, (_, i) => putWithRetries(kv, `session:${i}`, 'v')));
  assert.equal(linesHeld(kv), 0, 'after the writes');
  await Promise.all(Array.from({ length: 50 }, (_, i) => deleteWithRetries(kv, `session:${i}`)));
  await putWithRetries(kv, 'session:99', 'w');
  assert.equal(linesHeld(kv), 0, 'after the deletes and a rewrite');
});
