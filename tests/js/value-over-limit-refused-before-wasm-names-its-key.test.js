// set() and flash() refuse a value over 128 KiB of JSON (internal.js MAX_VALUE_BYTES) in JavaScript, before it is
// copied into WebAssembly memory, whose growth is never given back, with an error naming the key and the limit.
// The 10 MB value of hostile-input.test.js is refused by the bound on any call's input too (core-calls.js), so that
// test passed without this check: mutation pass, without it a 300 KiB value was copied into WASM memory and
// refused only by the core, and a 10 MB one's error named neither the key nor the limit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, SessionDataError } from 'edge-session';
import { loadCore } from '../../js/loader.js';

const KiB = 1024;

async function wasmMemoryBytes() {
  const { module } = await loadCore();
  const memory = Object.values(module.asm ?? {}).find((value) => value instanceof WebAssembly.Memory);
  return (memory?.buffer ?? module.HEAPU8.buffer).byteLength;
}

describe('A value over 128 KiB of JSON', () => {
  for (const size of [300 * KiB, 10 * KiB * KiB]) {
    it(`of ${size / KiB} KiB: set() and flash() refuse it naming its key and the limit, and WASM memory does not grow`, async () => {
      (await createSession()).dispose(); // the core loaded outside the measure
      const before = await wasmMemoryBytes();
      const session = await createSession();
      const value = 'x'.repeat(size);
      for (const write of ['set', 'flash']) {
        assert.throws(
          () => session[write]('cart', value),
          (error) => error instanceof SessionDataError && error.code === 'VALUE_TOO_LARGE' && /"cart".*131072 bytes/.test(error.message),
          write,
        );
      }
      assert.equal(session.has('cart'), false);
      session.dispose();
      assert.equal(await wasmMemoryBytes(), before, 'the value grew WASM memory');
    });
  }
});
