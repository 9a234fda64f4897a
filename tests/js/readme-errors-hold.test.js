// README, "Errors": CookieTooLargeError "`SEVERAL_COOKIES`: `commitSession` of a chunked session that needs more than
// one `Set-Cookie`, which is no overflow (`size` and `limit` are undefined; the message says to use
// `commitSessionHeaders`; the session stays to be written)", beside COOKIE_TOO_LARGE, whose `size` and `limit` are the
// bytes its message states.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, CookieTooLargeError } from 'edge-session';

const cookie = { secrets: ['a-test-secret-of-at-least-32-characters'] };

it('SEVERAL_COOKIES has no size nor limit, names commitSessionHeaders, and leaves the session to be written', async () => {
  const storage = createCookieSessionStorage({ cookie, chunks: 3 });
  const session = await storage.getSession(null);
  session.set('notes', 'n'.repeat(5000));
  const error = await storage.commitSession(session).then(() => assert.fail('committed'), (caught) => caught);
  assert.ok(error instanceof CookieTooLargeError);
  assert.equal(error.code, 'SEVERAL_COOKIES');
  assert.equal(error.size, undefined);
  assert.equal(error.limit, undefined);
  assert.match(error.message, /commitSessionHeaders/);
  assert.equal(session.dirty, true, 'still to be written');
  assert.equal((await storage.commitSessionHeaders(session)).length, 2);
});

it('COOKIE_TOO_LARGE states the size and the 4096-byte limit in its message and as numbers', async () => {
  const storage = createCookieSessionStorage({ cookie });
  const session = await storage.getSession(null);
  session.set('notes', 'n'.repeat(5000));
  const error = await storage.commitSession(session).then(() => assert.fail('committed'), (caught) => caught);
  assert.equal(error.code, 'COOKIE_TOO_LARGE');
  assert.equal(error.limit, 4096);
  assert.ok(error.size > 4096, String(error.size));
  assert.match(error.message, new RegExp(`${error.size} bytes.*4096 bytes`));
});
