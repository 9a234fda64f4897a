// createSessionStorage's isValidId(id) accepts an ID only by returning true (README Security model: a cookie naming
// an ID the store would not issue never reaches the backend as an ID). Anything else refuses it: an async isValidId
// answers a Promise, which is truthy whatever it would resolve to, and taking it for a yes would hand readData,
// updateData and deleteData every ID a validly signed cookie names (one the app signed for something else under
// the same secret). Mutation pass (s48): `isValidId(id) === true` loosened to a truthy test went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signedCookieHeader } from './support.js';

const secrets = ['callback-is-valid-id-only-true-accepts-0123456789'];

it('an isValidId answering a Promise or another truthy value refuses the ID: readData never sees it', async () => {
  // An async check that would refuse it, and checks answering an array or a number for it (index.d.ts: a boolean).
  for (const isValidId of [async (id) => id.startsWith('row-'), (id) => id.match(/thing/), (id) => id.length]) {
    const backend = mapBackend();
    backend.records.set('other-thing', { data: { role: 'admin' } });
    const storage = createSessionStorage({ cookie: { name: '__session', secrets }, ...callbacksOf(backend), isValidId });
    const header = signedCookieHeader('__session', JSON.stringify('other-thing'), secrets[0]);
    const session = await storage.getSession(header);
    assert.equal(session.get('role'), undefined, `${isValidId}: the record was adopted`);
    assert.equal(session.id, '');
    await storage.destroySession(session);
    assert.deepEqual(backend.reads, [], `${isValidId}: readData saw the ID`);
    assert.ok(backend.records.has('other-thing'), `${isValidId}: the record was deleted`);
  }
});
