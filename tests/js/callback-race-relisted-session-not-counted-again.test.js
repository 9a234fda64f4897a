// README, "Signing out everywhere": with createSessionStorage, as with KV, the mark decides; a write racing a
// revocation can put a session's record and index entry back, "but its sign-in is still older than the mark, so it
// reads as a fresh session, is not listed, and a later revocation deletes it without counting it". The race is
// another server's commit that read the index before the revocation and wrote it back after, with the record.
// Mutation pass (s45): a revocation leaving in the index the entries the earlier mark voids went unnoticed; it
// counted that session again (revokeUserSessions said 1 for a device already signed out).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const clock = handClock();

it('a session a race put back after a revocation is not listed, and the next revocation deletes it uncounted', async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie: { secrets: ['s3cr3t'] }, ...callbacksOf(backend), userKey: 'userId' });
  const stolen = await signIn(storage, 'ada');
  const { id } = await storage.getSession(stolen);
  const indexId = [...backend.records.keys()].find((key) => key.startsWith('es:user:'));
  const asRead = structuredClone([backend.records.get(indexId), backend.records.get(id)]); // what the racing server read

  clock.now += 1_000;
  assert.equal(await storage.revokeUserSessions('ada'), 1);
  const [index, record] = asRead; // ...and wrote back after the revocation
  backend.records.set(indexId, index);
  backend.records.set(id, record);
  clock.now += 1_000;

  assert.deepEqual(await storage.listUserSessions('ada'), [], 'not listed');
  assert.equal((await storage.getSession(stolen)).get('userId'), undefined, 'reads as a fresh session');
  assert.equal(await storage.revokeUserSessions('ada'), 0, 'not counted again');
  assert.equal(backend.records.has(id), false, 'its record deleted');
});
