// Every byte of a sealed cookie's nonce comes from the CSPRNG (README, Sealed cookies: "the nonce is 24 random
// bytes from crypto.getRandomValues"). The JS layer writes the nonce into WebAssembly memory and the core reads 24
// bytes there whatever was written: a nonce shorter than 24 bytes left the rest to whatever the previous call had
// put in that memory, the same bytes for every seal of one value, and nonces became partly predictable.
// Mutation pass (s48): the pool's nonces made 16 bytes long went unnoticed; the last 8 bytes of every nonce were
// the same stale bytes, and 2000 nonces were still all different.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage } from 'edge-session';

const secrets = ['sealing-secret-of-a-decent-length-0123456789'];

const nonceOf = (setCookie) => {
  const value = setCookie.split(';')[0].slice(setCookie.indexOf('=') + 1);
  return Buffer.from(value, 'base64url').subarray(1, 25);
};

/** The positions of the 24 nonce bytes that were the same in every one of `nonces`. */
const constantPositions = (nonces) => [...Array(24).keys()].filter((i) => nonces.every((nonce) => nonce[i] === nonces[0][i]));

describe('Every byte of a sealing nonce is drawn', () => {
  it("createCookie's serialize: no byte of the nonce is the same across 64 seals of one value", async () => {
    const cookie = createCookie('sealed', { secrets, encrypt: true });
    const nonces = [];
    for (let i = 0; i < 64; i++) nonces.push(nonceOf(await cookie.serialize({ user: 'alice' })));
    assert.deepEqual(constantPositions(nonces), []);
  });

  it("the cookie storage's commitSession: no byte of the nonce is the same across 64 commits of one session", async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets }, encrypt: true });
    const nonces = [];
    for (let i = 0; i < 64; i++) {
      const session = await storage.getSession(null);
      session.set('user', 'alice');
      nonces.push(nonceOf(await storage.commitSession(session)));
    }
    assert.deepEqual(constantPositions(nonces), []);
  });
});
