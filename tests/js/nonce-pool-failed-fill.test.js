// Sealing nonces after a failed draw from the CSPRNG. The pool of nonces (js/nonce-pool.js) was published before
// crypto.getRandomValues filled it: when that first fill threw (a CSPRNG that refuses a call, as workerd's does
// outside a request), the next seals took their nonces from the never-filled, all-zero pool, the same 24 zero
// bytes for every cookie. Under one key, XChaCha20-Poly1305 with a repeated nonce repeats the keystream (the XOR
// of two cookies is the XOR of their sessions) and the Poly1305 key (forgeable tags). A failed draw must seal
// nothing, and the next seal must draw afresh.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from 'edge-session';

const nonceOf = (setCookie) => {
  const value = setCookie.split(';')[0].slice(setCookie.indexOf('=') + 1);
  return Buffer.from(value, 'base64url').subarray(1, 25);
};

describe('Sealing nonces after a failed draw', () => {
  it('a first fill of the nonce pool that throws leaves no zero nonces behind: each later seal has its own', async (t) => {
    const secrets = ['sealing-secret-of-a-decent-length-0123456789'];
    // The core is loaded first (its own draw, the key-hash seed), so the failing draw is the nonce pool's.
    await createCookie('warm', { secrets }).serialize({ warm: true });
    const sealed = createCookie('sealed', { secrets, encrypt: true });
    const draw = t.mock.method(crypto, 'getRandomValues', () => {
      throw new DOMException('Disallowed operation called within global scope', 'NotAllowedError');
    });
    await assert.rejects(sealed.serialize({ user: 'a' }), /Disallowed/);
    draw.mock.restore();

    const first = nonceOf(await sealed.serialize({ user: 'alice' }));
    const second = nonceOf(await sealed.serialize({ user: 'mallory' }));
    assert.notDeepEqual([...first], new Array(24).fill(0), 'a nonce of 24 zero bytes: the pool was never filled');
    assert.notDeepEqual([...first], [...second], 'two cookies sealed under one key with one nonce');
  });
});
