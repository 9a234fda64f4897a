// Black-box review of issue 12: a chunked session's count prefix ("3~") lies outside the signature, and was read
// with leading zeros, so "03~" (or "003~"... up to two digits: "03~") opened the session as "3~" did: a second
// spelling of one commit's cookies. Only the count a commit writes is read; any other spelling gives a fresh session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { cookiePair, randomText } from './support.js';

const name = '__session';

for (const encrypt of [false, true]) {
  describe(`chunks: 5, ${encrypt ? 'sealed' : 'signed'}: the count prefix has one spelling`, () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'] }, chunks: 5, encrypt });

    async function threeChunkPairs() {
      const session = await storage.getSession(null);
      session.set('userId', 'ada');
      session.set('notes', randomText(9_000));
      const pairs = (await storage.commitSessionHeaders(session)).map(cookiePair);
      assert.equal(pairs.length, 3);
      assert.ok(pairs[0].startsWith(`${name}=3~`), 'a commit writes "3~"');
      return pairs;
    }

    it('the count as written opens the session (the control)', async () => {
      const session = await storage.getSession((await threeChunkPairs()).join('; '));
      assert.equal(session.get('userId'), 'ada');
    });

    it('"03~" for "3~" gives a fresh session; regression: it read as 3', async () => {
      const pairs = await threeChunkPairs();
      pairs[0] = pairs[0].replace(`${name}=3~`, `${name}=03~`);
      const session = await storage.getSession(pairs.join('; '));
      assert.equal(session.size, 0);
    });
  });
}
