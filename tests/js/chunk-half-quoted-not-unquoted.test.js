// README, Sessions beyond one cookie: "each cookie may come wrapped in `"`", as RFC 6265 4.1.1 allows a
// cookie-value (DQUOTE *cookie-octet DQUOTE) and the core reads a single cookie. A chunk with an opening DQUOTE and
// no closing one is no such value: the session reads as fresh, never as a second spelling of its cookies.
// Mutation pass (s49): unquoted() taking off the first and last character whenever the first is a DQUOTE went
// unnoticed; `"<slice>x` read as `<slice>`, and the session opened.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { cookiePair, randomText } from './support.js';

const name = '__session';

for (const encrypt of [false, true]) {
  describe(`chunks: 3, ${encrypt ? 'sealed' : 'signed'}: a chunk half wrapped in DQUOTEs`, () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'] }, chunks: 3, encrypt });

    async function threeChunkPairs() {
      const session = await storage.getSession(null);
      session.set('userId', 'ada');
      session.set('notes', randomText(9_000));
      const pairs = (await storage.commitSessionHeaders(session)).map(cookiePair);
      assert.equal(pairs.length, 3);
      return pairs;
    }
    const wrapped = (pair, open, close) => pair.replace('=', `=${open}`) + close;
    const userOf = async (pairs) => (await storage.getSession(pairs.join('; '))).get('userId');

    it('every cookie wrapped in DQUOTEs opens the session (the control)', async () => {
      const pairs = await threeChunkPairs();
      assert.equal(await userOf(pairs.map((pair) => wrapped(pair, '"', '"'))), 'ada');
    });

    for (const [index, which] of [[1, 'a later chunk'], [0, 'the first cookie']]) {
      it(`${which} as "<value>x (no closing DQUOTE) gives a fresh session`, async () => {
        const pairs = await threeChunkPairs();
        pairs[index] = wrapped(pairs[index], '"', 'x');
        assert.equal(await userOf(pairs), undefined);
      });
    }
  });
}
