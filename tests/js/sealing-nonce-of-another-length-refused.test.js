// js/core-calls.js hands the core a sealed cookie's nonce: the core reads 24 bytes at its place whatever was written
// there, so a shorter one would be completed from stale WebAssembly memory, the same bytes seal after seal (a nonce
// reused under one key breaks XChaCha20-Poly1305). A nonce of any other length is refused before the heap is
// touched; being no error of ours, it marks the instance broken (core-calls.js guardCalls), so the loader replaces
// it at its next use, and sealing goes on. Defence in depth (s48 cookie pass): the nonce-pool mutants that handed on
// fewer bytes (a pool slice one nonce ahead, NONCE_SIZE 16) sealed with repeated bytes, unseen by the core call.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';

it('provideNonce and a sealed commit refuse a nonce that is not 24 bytes; sealing goes on after', async () => {
  await createSession(); // the package entry provides the module
  for (const nonce of [new Uint8Array(16), new Uint8Array(23), new Uint8Array(25), new Uint8Array(0), [...new Uint8Array(24)]]) {
    for (const call of [(core) => core.provideNonce(0, nonce), (core) => core.commit(0, 0, '{}', nonce)]) {
      const core = await loadCore();
      assert.equal(core.isBroken(), false);
      assert.throws(() => call(core), { name: 'TypeError', message: /sealing nonce must be 24 bytes/ });
    }
  }
  const cookie = createCookie('sealed', { secrets: ['sealing-nonce-of-another-length-0123'], encrypt: true });
  assert.deepEqual(await cookie.parse(await cookie.serialize({ a: 1 })), { a: 1 });
});
