// The cookie storage's `revocation: { kv, keyPrefix }` is checked when the storage is made, as the KV storage's
// keyPrefix is (README, Workers KV): a keyPrefix that is no string, and one long enough that a sign-in's key,
// `<keyPrefix>sign-in:<64 hex>:<stamp>`, could pass the 512 bytes KV takes. Past it, deployed KV refuses every
// sign-in's record (best effort: logged), and revokeUserSessions counts nothing it ended. Mutation pass (s39): no
// test held either rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['a-long-enough-secret-for-this-test-0123'] };
const KV_MAX_KEY_BYTES = 512;

/** mapKV that refuses a key past 512 bytes of UTF-8, as Workers KV does. */
function keyLimitedKV() {
  const kv = mapKV();
  const check = (key) => {
    if (new TextEncoder().encode(key).length > KV_MAX_KEY_BYTES) throw new Error(`KV GET failed: 414 UTF-8 encoded length of ${key.length} exceeds key length limit of 512.`);
  };
  for (const name of ['get', 'put', 'delete']) {
    const call = kv[name].bind(kv);
    kv[name] = async (key, ...rest) => (check(key), call(key, ...rest));
  }
  return kv;
}

const storageWith = (kv, keyPrefix) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv, keyPrefix } });

/** The longest keyPrefix (in bytes) the revocation option takes. */
function longestPrefixTaken() {
  for (let bytes = KV_MAX_KEY_BYTES; bytes > 0; bytes--) {
    try {
      storageWith(mapKV(), 'p'.repeat(bytes));
      return bytes;
    } catch (error) {
      assert.ok(error instanceof CookieOptionError, String(error));
      assert.match(error.message, /keyPrefix is at most \d+ bytes of UTF-8/);
    }
  }
  throw new Error('no keyPrefix taken');
}

describe('revocation: { kv, keyPrefix } checked when the storage is made', () => {
  it('refuses a keyPrefix that is no string', () => {
    for (const keyPrefix of [1, null, ['shop:'], { toString: () => 'shop:' }]) {
      assert.throws(() => storageWith(mapKV(), keyPrefix), (error) => error instanceof CookieOptionError && /keyPrefix must be a string/.test(error.message), String(keyPrefix));
    }
  });

  // Stamps are Unix ms, at most 16 digits (2^53): at a clock of 10^15 ms (16 digits) the longest prefix taken
  // still makes sign-in keys of 512 bytes at most, so the sign-in is recorded and counted by the revocation.
  it('takes no keyPrefix whose sign-in keys KV would refuse: at a 16-digit stamp, the sign-in is still counted', async (t) => {
    const bytes = longestPrefixTaken();
    assert.equal(bytes, 423, "README's bound: 512 less `sign-in:`, 64 hex, `:` and 16 digits");
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000_000_000_000 });
    const kv = keyLimitedKV();
    const storage = storageWith(kv, 'p'.repeat(bytes));
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
    const { keys } = await kv.list({ prefix: `${'p'.repeat(bytes)}sign-in:` });
    assert.equal(keys.length, 1, 'the sign-in was recorded');
    assert.equal(new TextEncoder().encode(keys[0].name).length <= KV_MAX_KEY_BYTES, true);
    t.mock.timers.tick(1);
    assert.equal(await storage.revokeUserSessions('ada'), 1);
  });
});
