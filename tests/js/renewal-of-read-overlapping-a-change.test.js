// README (Session lifetime): a renewal writes the session as its request read it, so it is not made over a change
// another request of the session wrote since: the read's time is taken before the read begins (request-lifecycle.js
// openSession), as a store read that takes a while may return what was there before a write that ended during it.
// Mutation pass (s45): the read's time taken once the read ended went unnoticed (every store read here answered at
// once); a cart change that landed while a slow KV read was under way was then lost to that request's renewal.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate, holdNext } from '../helpers/gate.js';
import { slowPageCart } from '../helpers/slow-page-cart.js';
import { handClock } from '../helpers/hand-clock.js';

const clock = handClock();

it('KV: a renewal whose read overlapped another request\'s change is not written over that change', async () => {
  const kv = mapKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, idleTimeout: 60, kv });
  const fetch = slowPageCart(storage, gate());
  const jar = new BrowserJar();
  jar.now = () => clock.now;
  assert.equal(await (await visit(jar, fetch, '/add')).text(), '1');
  clock.now += 20_000; // the renewal is due (after a quarter of idleTimeout)
  const read = holdNext(kv, 'get'); // this read gets the record at once, and answers later
  const slowRead = visit(jar, fetch, '/');
  await read.reached;
  assert.equal(await (await visit(jar, fetch, '/add')).text(), '2');
  clock.now += 5_000; // the read answers past the burst window
  read.release();
  assert.equal(await (await slowRead).text(), '1', 'it read the record from before the change');
  assert.equal(await (await visit(jar, fetch, '/')).text(), '2', 'the change was lost to the renewal');
});
