// Remix v3's read() of a cookie value that is JSON but no payload object (null, a number, a string, an array, a
// boolean) reads as a fresh session, as any value not ours does (issue 10: bad input is a fresh session, never an
// error). Remix's Cookie without secrets passes any value a client sends. Mutation pass (s42): without the object
// check, `null` threw a TypeError out of read() (a 500 for every request carrying it), and no test sent one.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

it('read() of JSON that is no payload object gives a fresh session with its own ID', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t-of-thirty-two-characters!!!'] } });
  for (const value of ['null', '0', '"i"', '[{"userId":"ada"},{}]', 'true']) {
    const session = await storage.read(value);
    assert.equal(session.size, 0, value);
    assert.ok(session.id.length > 0, value);
    assert.equal(await storage.save(session), null, `${value}: nothing to write`);
  }
});
