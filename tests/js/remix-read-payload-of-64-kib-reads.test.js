// Remix v3's read(cookieValue) takes a value as long as any Cookie header getSession reads (64 KiB) and gives a
// fresh session only past it (remix-read-oversized-payload.test.js: "longer than any Cookie header getSession
// reads"). Mutation pass (s47): the bound made exclusive (a value of exactly 64 KiB read as a fresh session) went
// unnoticed; the only value tried was 600 KiB.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const MAX_COOKIE_HEADER_LENGTH = 64 * 1024;

/** Remix v3's payload text of exactly `length` characters, its one value under `a`. */
function payloadOfLength(length) {
  const empty = JSON.stringify({ i: 'x', d: [{ a: '' }, {}] });
  return JSON.stringify({ i: 'x', d: [{ a: 'x'.repeat(length - empty.length) }, {}] });
}

it('the cookie storage reads a payload of exactly 64 KiB as its session, one character more as a fresh one', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t-of-thirty-two-characters!!!'] } });
  const atBound = payloadOfLength(MAX_COOKIE_HEADER_LENGTH);
  assert.equal(atBound.length, MAX_COOKIE_HEADER_LENGTH);
  const session = await storage.read(atBound);
  assert.equal(session.id, 'x');
  assert.equal(session.get('a'), JSON.parse(atBound).d[0].a);
  const past = await storage.read(payloadOfLength(MAX_COOKIE_HEADER_LENGTH + 1));
  assert.equal(past.size, 0);
  assert.notEqual(past.id, 'x');
});
