// README, Sessions beyond one cookie: "one cookie alone is written exactly as without chunks", and is read so: a
// `chunks` storage hands a cookie without a count to the core as it came, which takes off the one pair of DQUOTEs
// RFC 6265 4.1.1 allows. A value quoted twice is no cookie-value of the grammar: a fresh session, with or without
// chunks, never read in one setting and refused in the other. Mutation pass (s47): joinChunks handing on the value
// already unquoted once went unnoticed; with chunks, `""<value>""` read as the signed-in session.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] };

it('a one-cookie session reads alike with chunks and without: bare and quoted signed in, quoted twice fresh', async () => {
  const plain = createCookieSessionStorage({ cookie });
  const session = await plain.getSession(null);
  session.set('userId', 'ada');
  const value = (await plain.commitSession(session)).split(';')[0].slice('__session='.length);
  for (const chunks of [1, 3]) {
    const storage = createCookieSessionStorage({ cookie, chunks });
    const read = async (sent) => (await storage.getSession(`__session=${sent}`)).get('userId');
    assert.equal(await read(value), 'ada', `chunks ${chunks}, bare`);
    assert.equal(await read(`"${value}"`), 'ada', `chunks ${chunks}, quoted`);
    assert.equal(await read(`""${value}""`), undefined, `chunks ${chunks}, quoted twice`);
  }
});
