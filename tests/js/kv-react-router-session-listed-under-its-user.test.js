// A session React Router's KV storage wrote (a 16-hex key, keyPrefix '') carries on under a KV storage with
// userKey: README (Sessions written before `userKey` was set, or by React Router) says its next write lists it under
// its user, and a revocation ends it (counted, its record deleted), as the sessions this storage signed in.
// Mutation pass (s50): the index reader taking only this storage's own IDs for sessions (namesASession without
// React Router's shape) went unnoticed; such a session, once written, was never listed, counted nor deleted.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKVWithMetadata } from './map-kv.js';
import { signedCookie } from '../storage/support.js';

const cookie = { name: '__session', secrets: ['storage-test-secret-3f9a1c7e5b2d'], maxAge: 3600 };
const REACT_ROUTER_ID = '0123456789abcdef';

it("a React Router session written once is listed under its user, and a revocation counts and deletes it", async () => {
  const kv = mapKVWithMetadata();
  await kv.put(REACT_ROUTER_ID, JSON.stringify({ userId: 'ada' }));
  const storage = createWorkersKVSessionStorage({ cookie, kv, keyPrefix: '', userKey: 'userId' });
  const session = await storage.getSession(signedCookie(REACT_ROUTER_ID));
  assert.equal(session.get('userId'), 'ada', 'read as it was written');
  session.set('theme', 'dark');
  await storage.commitSession(session);
  session.dispose();

  assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [REACT_ROUTER_ID]);
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'counted');
  assert.equal(await kv.get(REACT_ROUTER_ID), null, 'its record deleted');
  assert.deepEqual(await storage.listUserSessions('ada'), []);
});
