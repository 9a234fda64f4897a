// The memory storage creates a record only under an ID it does not hold yet (create-if-absent, as the file storage's
// link), so a regenerated fresh session whose provisional ID another session holds already is stored under a new ID,
// and that session keeps its data (README, Security model: a session is committed under "a new random ID" of its
// own; tests/js/fresh-session-id-created-at-first-commit pins the file storage's). Mutation pass (s46): create
// taking newId()'s first ID whatever the Map held went unnoticed; the other session's record was overwritten, and its
// cookie read this visitor's data.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSession } from 'edge-session';
import { cookiePair } from './support.js';

it('the first commit of a regenerated fresh session never overwrites a record already under its ID', async () => {
  const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
  const fresh = await storage.getSession(null);
  fresh.regenerateId();
  const taken = fresh.id;
  const other = await createSession({ owner: 'someone else' }, taken);
  const otherCookie = cookiePair(await storage.commitSession(other));
  fresh.set('owner', 'this visitor');
  const setCookie = await storage.commitSession(fresh);
  assert.notEqual(fresh.id, taken, 'the session is stored under another new ID');
  assert.equal((await storage.getSession(otherCookie)).get('owner'), 'someone else', 'the record under that ID is untouched');
  assert.equal((await storage.getSession(cookiePair(setCookie))).get('owner'), 'this visitor');
});
