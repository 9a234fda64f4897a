// js/cookie.js #createHandle: a Cookie whose options the core refuses (a name that is no RFC 6265 token: README,
// createCookie, "makes the first parse/serialize reject") is deleted in the core before the error is thrown. The
// refusal is not cached (the same options fail again, cheaply), so each later call makes and refuses one more: a
// handle left behind held its WebAssembly memory for the isolate's life, ~400 bytes a call, and nothing held it
// (mutation pass: dropping that delete passed every test). Measured as memory.test.js measures the core.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createSession, CookieOptionError } from 'edge-session';
import { loadCore } from '../../js/loader.js';

const CALLS = 20_000;
const WARM_UP = 2_000;

/** The instance's linear memory (the export is minified, so found by type), as memory.test.js finds it. */
function wasmMemory({ module }) {
  const memory = Object.values(module.asm ?? {}).find((value) => value instanceof WebAssembly.Memory);
  return memory ?? { get buffer() { return module.HEAPU8.buffer; } };
}

it(`${CALLS.toLocaleString('en')} serializes of a cookie the core refuses leave its memory as it was`, async (t) => {
  (await createSession()).dispose(); // first use through the package entry instantiates the core
  const memory = wasmMemory(await loadCore());
  const cookie = createCookie('no token', { secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] });
  let afterWarmUp;
  for (let call = 1; call <= CALLS; call++) {
    await assert.rejects(cookie.serialize('x'), CookieOptionError);
    if (call === WARM_UP) afterWarmUp = memory.buffer.byteLength;
  }
  t.diagnostic(`WASM memory ${afterWarmUp} bytes after ${WARM_UP}, ${memory.buffer.byteLength} after ${CALLS}`);
  assert.equal(memory.buffer.byteLength, afterWarmUp, 'WASM memory grew after warm-up');
});
