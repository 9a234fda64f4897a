// A WebAssembly instantiation that fails (out of memory: "Cannot allocate Wasm memory for new instance") rejects the
// session call that asked for the core, and the next call instantiates anew. Regression (black-box pass over Node
// servers): js/loader.js left the failure unhandled inside the Emscripten glue, whose promise never settled: Node
// ended the process on the unhandled rejection, or (--unhandled-rejections=warn) every session call hung for good.
// The package is imported after WebAssembly.instantiate is patched (node --test runs this file in its own process).
import assert from 'node:assert/strict';
import { it } from 'node:test';

const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const realInstantiate = WebAssembly.instantiate;
let failures = 1;
WebAssembly.instantiate = function instantiateFailingOnce(...args) {
  if (failures-- > 0) return Promise.reject(new RangeError('WebAssembly.instantiate(): Out of memory: Cannot allocate Wasm memory for new instance'));
  return realInstantiate.apply(this, args);
};
const { createCookieSessionStorage, withSession } = await import('edge-session');

/** `promise`'s outcome, or 'hung' after two seconds. */
const outcome = (promise) =>
  Promise.race([promise.then(() => 'resolved', (error) => error), new Promise((resolve) => setTimeout(() => resolve('hung'), 2000))]);

it('the first call rejects with the instantiation error, the next one works, nothing is left unhandled', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['wasm-instantiate-failure-secret'] } });
  const first = await outcome(storage.getSession(null));
  assert.ok(first instanceof RangeError, String(first));
  assert.match(first.message, /Out of memory/);
  const app = withSession(storage, (request, { session }) => {
    session.set('ok', true);
    return new Response('ok');
  });
  const response = await outcome(app(new Request('https://app.test/')));
  assert.equal(response, 'resolved');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(unhandled, []);
});
