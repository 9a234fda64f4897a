// A chunked session in Partitioned cookies (CHIPS, an app embedded in another site's iframe). Chromium keeps at most
// 10240 bytes of partitioned cookies (names and values) per site in one partition, and past that evicts the oldest:
// the first chunk, so the next request reads a fresh session and its commit expires the other chunks (the user is
// signed out, their data lost). tests/browser/embedded-partitioned.test.js shows it in Chromium. Regression (CHIPS
// pass): the 16 KB Cookie-header budget alone was checked, and a partitioned session of 10-16 KB was written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, CookieTooLargeError } from 'edge-session';
import { randomText } from './support.js';

/** What Chromium counts against a partition's 10240 bytes: each cookie's name and value. */
const heldBytes = (headers) => headers.reduce((sum, header) => sum + header.slice(0, header.indexOf(';')).length - 1, 0);

for (const encrypt of [false, true]) {
  const storageOf = (partitioned) =>
    createCookieSessionStorage({
      cookie: { name: '__Host-session', secrets: ['s'.repeat(32)], httpOnly: true, secure: true, sameSite: 'none', partitioned, path: '/' },
      chunks: 5,
      encrypt,
    });

  describe(`Chunked ${encrypt ? 'sealed' : 'signed'} sessions in Partitioned cookies`, () => {
    it('a session past 10240 bytes of names and values is refused with CookieTooLargeError, nothing written', async () => {
      const session = await (storageOf(true)).getSession(null);
      session.set('notes', randomText(9_000));
      await assert.rejects(storageOf(true).commitSessionHeaders(session).then((headers) => ({ held: heldBytes(headers), headers: headers.length })), (error) => {
        assert.ok(error instanceof CookieTooLargeError, String(error?.message ?? JSON.stringify(error)));
        assert.equal(error.limit, 10240);
        assert.ok(error.size > 10240);
        assert.match(error.message, /Partitioned/);
        return true;
      });
    });

    it('one within it is written as before', async () => {
      const session = await (storageOf(true)).getSession(null);
      session.set('notes', randomText(6_000));
      const headers = await storageOf(true).commitSessionHeaders(session);
      assert.ok(headers.length >= 2);
      assert.ok(heldBytes(headers) <= 10240, `${heldBytes(headers)} bytes`);
      for (const header of headers) assert.match(header, /; Partitioned/);
    });

    it('without Partitioned the 16 KB budget alone applies', async () => {
      const session = await (storageOf(false)).getSession(null);
      session.set('notes', randomText(9_000));
      const headers = await storageOf(false).commitSessionHeaders(session);
      assert.ok(heldBytes(headers) > 10240);
    });
  });
}
