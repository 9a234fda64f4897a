// README (Errors): a bad option is a CookieOptionError whose "message names it". A BigInt where a number of seconds
// or bytes goes (maxAge: 3600n, idleTimeout: 1800n, chunks: 2n, a value parsed with BigInt()) is refused with the
// value shown as written, its n kept (errors.js shownOption): shown as "got 1800", it reads as if 1800 were refused.
// Mutation pass (s48): shownOption showing a BigInt as String() does went unnoticed; every test of a BigInt option
// looked at its class or code only.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, keepForm } from 'edge-session';

const secrets = ['bigint-option-shown-with-its-n-secret'];

it('maxAge, the timeouts, chunks and keepForm maxBytes: a BigInt is shown with its n', async () => {
  assert.throws(() => createCookie('c', { secrets, maxAge: 3600n }).expires, /got 3600n$/);
  assert.throws(() => createMemorySessionStorage({ cookie: { secrets }, idleTimeout: 1800n }), /got 1800n$/);
  assert.throws(() => createCookieSessionStorage({ cookie: { secrets }, chunks: 2n }), /got 2n$/);
  const session = await createMemorySessionStorage({ cookie: { secrets } }).getSession(null);
  assert.throws(() => keepForm(session, new URLSearchParams('title=Hi'), {}, { maxBytes: 1024n }), /got 1024n$/);
});
