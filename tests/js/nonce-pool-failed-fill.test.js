// Sealing nonces after a failed draw from the CSPRNG. The pool of nonces (js/nonce-pool.js) was published before
// crypto.getRandomValues filled it: when that first fill threw (a CSPRNG that refuses a call, as workerd's does
// outside a request), the next seals took their nonces from the never-filled, all-zero pool, the same 24 zero
// bytes for every cookie. Under one key, XChaCha20-Poly1305 with a repeated nonce repeats the keystream (the XOR
// of two cookies is the XOR of their sessions) and the Poly1305 key (forgeable tags). A failed draw must seal
// nothing, and the next seal must draw afresh.
// A later refill that throws is the same danger from the other side: the pool is spent, not absent, and its
// nonces were all used (README, Sealed cookies: "refills once per 128 seals"; "the core uses each nonce once").
// Mutation pass (s48): the pool's index reset before the draw went unnoticed; after a refill that threw, the next
// 128 seals took the 128 nonces of the seals before it again.
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

  it('a refill of a spent pool that throws seals nothing, and the seals after it take none of the spent nonces', async (t) => {
    const secrets = ['sealing-secret-of-a-decent-length-0123456789'];
    const sealed = createCookie('sealed', { secrets, encrypt: true });
    await sealed.serialize({ warm: true });
    const refuseDraws = () =>
      t.mock.method(crypto, 'getRandomValues', () => {
        throw new DOMException('Disallowed operation called within global scope', 'NotAllowedError');
      });
    const sealAll = async (count) => {
      const nonces = [];
      for (let i = 0; i < count; i++) nonces.push(Buffer.from(nonceOf(await sealed.serialize({ user: 'alice' }))).toString('hex'));
      return nonces;
    };

    // Spend what is left of the pool (the other tests of this process drew from it too): the seal that must draw fails.
    let draw = refuseDraws();
    let left = 0;
    while (await sealed.serialize({ user: 'alice' }).then(() => true, () => false)) assert.ok(++left < 128, 'no seal drew');
    draw.mock.restore();

    // One seal draws a pool of 128 nonces; the next 127 take theirs from it, and the one after must draw again.
    const spent = await sealAll(1);
    draw = refuseDraws();
    spent.push(...(await sealAll(127)));
    await assert.rejects(sealed.serialize({ user: 'alice' }), /Disallowed/, 'a 129th seal from one draw');
    draw.mock.restore();

    const after = await sealAll(128);
    assert.equal(new Set([...spent, ...after]).size, 256, 'a nonce of the spent pool sealed again after the failed refill');
  });
});
