// README (Storages): "The Durable Object and file storages accept only IDs they made (40 hex characters, or the 32
// that earlier versions issued): a session made with createSession(data, id) under another ID is committed to them
// under a new random ID (as every storage does)"; memory and KV check the same shape. Our IDs are lowercase hex: one in capitals, its tag made for it, is another ID
// (a case-insensitive file system or an app's lookup would take it for the lowercase one). Mutation pass (s48):
// isIssuedSessionId taking capitals (the shape's regular expression case-insensitive) went unnoticed; the session
// was committed under the ID in capitals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { serverSideStores } from './server-side-stores.js';

const cookie = { name: '__session', secrets: ['created-id-capitals-test-secret-0123456789'] };
const { memory, kv, files } = serverSideStores({ cookie });
const inCapitals = issueSessionId('__session', 'ABCDEF0123456789ABCDEF0123456789');
const inLowercase = issueSessionId('__session', 'abcdef0123456789abcdef0123456789');

describe('createSession(data, id) under one of our IDs in capitals', () => {
  for (const [name, makeStorage] of Object.entries({ memory, kv, files })) {
    it(`${name}: committed under a new ID of ours, as an ID of our shape in lowercase is kept`, async (t) => {
      const storage = await makeStorage(t);
      const ids = [];
      for (const id of [inCapitals, inLowercase]) {
        const header = await storage.commitSession(await createSession({ userId: 'ada' }, id));
        const read = await storage.getSession(header.split(';')[0]);
        assert.equal(read.get('userId'), 'ada');
        ids.push(read.id);
      }
      assert.notEqual(ids[0], inCapitals, 'the ID in capitals was kept');
      assert.match(ids[0], /^[0-9a-f]{40}$/);
      assert.equal(ids[1], inLowercase);
    });
  }
});
