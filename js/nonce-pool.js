// Nonces for sealed cookies: 24 bytes from the platform CSPRNG each, drawn
// from a pool refilled with one crypto.getRandomValues call per 128 seals.
// XChaCha20's 192-bit nonce makes random nonces safe for any realistic
// number of cookies under one key (draft-irtf-cfrg-xchacha §3.1). Nothing
// runs at import time: Workers forbid random values in global scope.

/** Bytes of one nonce. */
export const NONCE_SIZE = 24;
const POOL_NONCES = 128;

let pool;
let next = 0;

/**
 * @internal A fresh 24-byte nonce: a view into the pool, valid until the
 * next call (the caller copies it into WASM memory at once).
 * @returns {Uint8Array}
 */
export function nextNonce() {
  if (pool === undefined || next === pool.length) {
    // Filled before it is published: a draw that throws leaves the pool spent (or absent), so the next call draws
    // again. Regression (crypto review): published first, a failed first fill left 3 KiB of zeros that the next
    // 128 seals took for nonces, one nonce for all of them.
    const fresh = pool ?? new Uint8Array(NONCE_SIZE * POOL_NONCES);
    crypto.getRandomValues(fresh);
    pool = fresh;
    next = 0;
  }
  const nonce = pool.subarray(next, next + NONCE_SIZE);
  next += NONCE_SIZE;
  return nonce;
}
