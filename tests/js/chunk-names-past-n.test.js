// Audit of issue 12: with `chunks: N` a session's cookies are `name`, `name.1` ... `name.(N-1)`, and only those
// are read. A cookie named past them (`__session.10` with chunks 5: a name the storage never writes) was counted as
// an extra chunk, so one foreign cookie signed out a chunked session. A commit still expires `name.N` ... `name.15`
// the request carried (left from an earlier, larger `chunks`), so they do not linger.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { CookieJar } from '../helpers/cookie-jar.js';
import { cookiePair, randomText } from './support.js';

const name = '__session';
const storageOf = (encrypt) => createCookieSessionStorage({ cookie: { name, secrets: ['s3cr3t'], httpOnly: true }, chunks: 5, encrypt });
/** ~`bytes` of incompressible text. */

/** The Cookie header of a 3-chunk session holding { userId: 'ada', notes }. */
async function threeChunks(storage) {
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  session.set('notes', randomText(9_000));
  const headers = await storage.commitSessionHeaders(session);
  assert.equal(headers.length, 3, 'three chunks');
  return headers.map(cookiePair).join('; ');
}

/** The names of the cookies a response expires (Max-Age=0). */
const expiredIn = (response) =>
  response.headers
    .getSetCookie()
    .filter((header) => /;\s*Max-Age=0/i.test(header))
    .map((header) => header.slice(0, header.indexOf('=')));

for (const encrypt of [false, true]) {
  describe(`chunks: 5, ${encrypt ? 'sealed' : 'signed'}: cookie names past name.4 (audit of issue 12)`, () => {
    it('a 3-chunk session reads as itself beside __session.10, a name it never writes; regression: it read as fresh', async () => {
      const storage = storageOf(encrypt);
      const held = await threeChunks(storage);
      for (const foreign of [`${name}.10=x`, `${name}.5=x`, `${name}.15=x`]) {
        const session = await storage.getSession(`${held}; ${foreign}`);
        assert.equal(session.get('userId'), 'ada', foreign);
        session.dispose();
      }
    });

    it('an extra chunk within name.1 ... name.4 still gives a fresh session', async () => {
      const storage = storageOf(encrypt);
      const held = await threeChunks(storage);
      for (const extra of [`${name}.3=x`, `${name}.4=x`]) {
        const session = await storage.getSession(`${held}; ${extra}`);
        assert.equal(session.size, 0, extra);
        session.dispose();
      }
    });

    it('a commit expires the cookies past name.4 the request carried, in the same response, and keeps the session', async () => {
      const storage = storageOf(encrypt);
      const handler = withSession(storage, async (request, { session }) => {
        session.set('seen', true);
        return new Response(String(session.get('userId')));
      });
      const held = await threeChunks(storage);
      const jar = new CookieJar();
      const cookie = `${held}; ${name}.7=left; ${name}.12=left; ${name}.16=theirs; other=1`;
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: cookie } }));
      assert.equal(await response.text(), 'ada');
      const expired = expiredIn(response);
      for (const leftover of [`${name}.7`, `${name}.12`]) assert.ok(expired.includes(leftover), `${leftover} expired: ${expired}`);
      assert.equal(expired.includes(`${name}.1`) || expired.includes(`${name}.2`) || expired.includes(name), false, 'its own chunks are kept');
      // Mutation pass: name.16, a name no `chunks` setting writes (16 cookies are name ... name.15), was expired too.
      assert.equal(expired.includes(`${name}.16`), false, 'name.16 is none of its cookies');
      for (const pair of cookie.split('; ')) jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      jar.update(response);
      const header = jar.header();
      assert.equal(/__session\.(7|12)=/.test(header), false, 'no leftover lingers');
      const after = await storage.getSession(header);
      assert.deepEqual([after.get('userId'), after.get('seen')], ['ada', true]);
      after.dispose();
    });

    it('a request carrying only a leftover past name.4 gets it expired by the commit of a new session', async () => {
      const storage = storageOf(encrypt);
      const handler = withSession(storage, async (request, { session }) => {
        session.set('userId', 'ada');
        return new Response('ok');
      });
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: `${name}.10=left` } }));
      assert.ok(expiredIn(response).includes(`${name}.10`), String(response.headers.getSetCookie()));
    });
  });
}
