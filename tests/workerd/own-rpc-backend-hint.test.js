// Adversarial pass over 4a20266 (the STORAGE_FAILED hint for a Durable Object namespace bound to another class):
// the hint keys on workerd's text alone, "The RPC receiver does not implement the method", which any RPC call
// makes, not only ours. An app's own backend under createSessionStorage that calls its own Durable Object (or a
// service binding) with a misnamed method got "class_name must be SessionDurableObject": advice to bind its own
// store to our class, which is wrong.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./ops-faults-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

it("createSessionStorage over the app's own RPC object: its failure does not send the app to SessionDurableObject", { timeout: 60_000 }, async () => {
  const response = await fetch(new URL('/own-backend-commit', worker.url), { method: 'POST' });
  const text = await response.text();
  assert.equal(response.status, 599, text);
  assert.match(text, /does not implement the method/, 'workerd\'s own words are kept');
  assert.doesNotMatch(text, /SessionDurableObject/, 'no advice about a binding the app does not use for sessions');
});
