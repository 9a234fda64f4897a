// createSessionStorage's readData may answer undefined for a missing record (`map.get(id)`, many ORMs' findOne):
// no record, as null is. It matters where the storage asks whether a record is still there: a request running past
// a minute, after this isolate forgot another request's logout of its session (js/recent-deletes.js), asks the
// store before writing, and a logged-out session must not be written back (README: a logout nothing can undo).
// Mutation pass (s48): exists() taking undefined for a record (`!== null`) went unnoticed: the session came back.
// (tests/js/logout-during-request has this race for readData answering null.)
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';

it('a slow request past a minute does not write back a session logged out meanwhile, readData answering undefined', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
  const callbacks = callbacksOf(mapBackend());
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['callback-read-data-undefined'.padEnd(32, '!')], maxAge: 3600 },
    ...callbacks,
    readData: async (id) => (await callbacks.readData(id)) ?? undefined,
  });
  const signIn = async (user) => {
    const session = await storage.getSession(null);
    session.set('user', user);
    return (await storage.commitSession(session)).split(';')[0];
  };
  const ann = await signIn('ann');
  const bob = await signIn('bob');
  const slow = await storage.getSession(ann); // ann's long request
  await storage.destroySession(await storage.getSession(ann)); // ann logs out in another tab
  t.mock.timers.tick(61_000);
  await storage.destroySession(await storage.getSession(bob)); // a later delete prunes the notes older than a minute
  slow.set('seen', true);
  await storage.commitSession(slow);
  assert.equal((await storage.getSession(ann)).get('user'), undefined, 'the old cookie opens nothing');
});
