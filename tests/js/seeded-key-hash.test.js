// Regression (issue 10.3, "Reads must be linear in size whatever the shape", audit): the core's index of a
// session's keys hashed them with unseeded FNV-1a, so anyone choosing a session's keys (form fields stored as
// top-level keys) could make them share the low bits that pick a slot; a record of 16,000 such keys read in
// 550-910 ms instead of 2.5-5.7 ms, a 4 KB cookie of 330 in 320-550 µs instead of 35-100 µs. Each instance now
// hashes keys with SipHash-1-3 under 128 random bits of its own (js/core-calls.js seedKeyHash). No timing here:
// the instance's own hashes are counted (the C++ tests count the table's probes, tests/cpp/colliding_keys_test.cpp).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { forgetCoreAfterTrap, loadCore } from '../../js/loader.js';
import { signedCookieHeader } from './support.js';

/** FNV-1a of a string's (ASCII) code units: the unseeded hash the core used before. */
function fnv1a(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}

/**
 * The audit's 4 KB cookie: `count` four-character keys whose FNV-1a hashes share their low `bits` bits, one slot of
 * the table the core indexes them in (tests/audit/gen-cookie-keys.mjs).
 */
function fnvCollidingKeys(count, bits) {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const mask = (1 << bits) - 1;
  const keys = [];
  let target;
  for (let n = 0; keys.length < count; n++) {
    let key = '';
    for (let rest = n, i = 0; i < 4; i++, rest = Math.floor(rest / alphabet.length)) key = alphabet[rest % alphabet.length] + key;
    const slot = fnv1a(key) & mask;
    target ??= slot;
    if (slot === target) keys.push(key);
  }
  return keys;
}

// 330 keys: a table of 1,024 slots (at most half full), picked by a hash's low 10 bits.
const COOKIE_KEYS = 330;
const SLOT_BITS = 10;

describe('Session keys are hashed under a secret seed of each instance (issue 10.3, colliding keys)', () => {
  it('two instances hash the same keys differently: each is seeded at instantiation', async () => {
    const first = await loadCore();
    const before = ['k0', 'field', 'a'].map((key) => first.keyHash(key));
    assert.deepEqual(['k0', 'field', 'a'].map((key) => first.keyHash(key)), before, 'one instance hashes alike');
    forgetCoreAfterTrap(new WebAssembly.RuntimeError('unreachable')); // the next loadCore instantiates anew
    const second = await loadCore();
    assert.notEqual(second, first);
    const after = ['k0', 'field', 'a'].map((key) => second.keyHash(key));
    for (let i = 0; i < before.length; i++) assert.notEqual(after[i], before[i]);
  });

  it('keys sharing their FNV-1a slot spread over the slots of the instance, and a cookie of them reads whole', async () => {
    const keys = fnvCollidingKeys(COOKIE_KEYS, SLOT_BITS);
    const mask = (1 << SLOT_BITS) - 1;
    assert.equal(new Set(keys.map((key) => fnv1a(key) & mask)).size, 1, 'one FNV-1a slot: what made them hostile');
    const core = await loadCore();
    const slots = new Set(keys.map((key) => core.keyHash(key) & mask));
    // ~281 of 1,024 slots for 330 random ones (standard deviation ~7).
    assert.ok(slots.size > 230, `${slots.size} slots`);

    const secret = 's3cr3t';
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] } });
    // One-digit values: the cookie stays under 4 KB.
    const text = JSON.stringify(Object.fromEntries(keys.map((key, i) => [key, i % 10])));
    const session = await storage.getSession(signedCookieHeader('__session', text, secret));
    assert.equal(session.size, COOKIE_KEYS);
    keys.forEach((key, i) => assert.equal(session.get(key), i % 10));
    session.dispose();
  });
});
