// A user's records are named by the SHA-256 of the user ID, 64 hex digits (README: KV's `<keyPrefix>user:<sha256(userId)>:<id>`,
// createSessionStorage's `es:user:<sha256(userId)>`, the Durable Object `user:<sha256(userId)>`): names that earlier
// versions and other servers of the app share. Regression (mutation pass): unpinned, a byte under 16 could lose its
// leading zero, and the names of most users' records would change (and two users' could meet).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { userDigest } from '../../js/user-sessions.js';

it("a user's digest is the SHA-256 of the ID as 64 hex digits, a byte under 16 included", async () => {
  const expected = createHash('sha256').update('ada').digest('hex');
  assert.match(expected, /^(?:[0-9a-f]{2})*0[0-9a-f]/, 'the vector has a byte under 16');
  assert.equal(await userDigest('ada'), expected);
});
