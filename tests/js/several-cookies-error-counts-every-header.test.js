// README, Sessions beyond one cookie: commitSession of a session that spans several cookies rejects with
// SEVERAL_COOKIES, which says to use commitSessionHeaders; the count it gives ("needs N Set-Cookie headers") is
// what commitSessionHeaders then returns: the chunks and the expiry of those the session no longer uses. Mutation
// pass (s49): the count leaving out the expiring headers went unnoticed; a session shrunk from three cookies to two
// said it needed 2 where commitSessionHeaders returned 3.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

it('SEVERAL_COOKIES names as many headers as commitSessionHeaders returns, expirations included', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, chunks: 4 });
  const first = await storage.getSession(null);
  first.set('notes', 'n'.repeat(7000));
  const pairs = (await storage.commitSessionHeaders(first)).map(cookiePair);
  assert.equal(pairs.length, 3);
  const session = await storage.getSession(pairs.join('; '));
  session.set('notes', 'n'.repeat(4000)); // two cookies now, the third expired
  const error = await storage.commitSession(session).then(() => null, (thrown) => thrown);
  assert.equal(error?.code, 'SEVERAL_COOKIES');
  const headers = await storage.commitSessionHeaders(session);
  assert.equal(headers.length, 3, headers.map((header) => header.slice(0, 20)).join(', '));
  assert.match(error.message, new RegExp(`needs ${headers.length} Set-Cookie headers`));
});
