// The cookie storage's `revocation: { kv, keyPrefix }` bounds keyPrefix in bytes of UTF-8, as KV bounds keys (the
// refusal says "keyPrefix is at most 423 bytes of UTF-8 (KV keys are at most 512)"). tests/js/revocation-key-prefix-
// bounds.test.js holds the bound with ASCII prefixes, where characters and bytes agree. Mutation pass (s45):
// counting the prefix's characters instead went unnoticed; a prefix of two-byte characters then passed the check,
// and KV refused every sign-in's key (best effort: logged), so revokeUserSessions counted none of them.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['revocation-prefix-utf8-secret-0123456789'] };
const storageWith = (keyPrefix) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV(), keyPrefix } });
const bytesOf = (text) => new TextEncoder().encode(text).length;

it('revocation: { kv, keyPrefix } counts the prefix in UTF-8 bytes: 212 two-byte characters are refused, 211 taken', () => {
  const tooLong = 'é'.repeat(212);
  assert.equal(bytesOf(tooLong), 424);
  assert.throws(() => storageWith(tooLong), (error) => error instanceof CookieOptionError && /keyPrefix is at most 423 bytes of UTF-8/.test(error.message));
  const longest = `${'é'.repeat(211)}p`;
  assert.equal(bytesOf(longest), 423);
  assert.doesNotThrow(() => storageWith(longest));
});
