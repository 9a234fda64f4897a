// README (Session: deleteId is the original ID regenerateId(true) leaves, which the store deletes): once a commit of
// the rotation deleted that record, the session names it no more, though destroy() was called while that commit
// awaited its store (a logout's click beside a sign-in's loader, by hand), and the logout deletes what is left
// (the new record), never the deleted one again: on KV a second delete of one key within a second is refused (429).
// Mutation pass (s49): forgetDeleteId leaving the ID destroy() found (#deleteIdAtDestroy) went unnoticed; deleteId
// still named the deleted record, and the logout deleted it a second time.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { pairOf } from '../helpers/sign-in.js';

it("destroy() while regenerateId(true)'s commit awaits its store: deleteId is undefined once that commit deleted the original, and the logout deletes only the new record", async () => {
  const backend = mapBackend();
  const deleted = [];
  const callbacks = callbacksOf(backend);
  const storage = createSessionStorage({
    cookie: { secrets: ['forgets-the-deleted-original'.padEnd(32, '!')] },
    ...callbacks,
    deleteData: async (id) => {
      deleted.push(id);
      await callbacks.deleteData(id);
    },
  });
  const seed = await storage.getSession(null);
  seed.set('userId', 'ada');
  const cookie = pairOf(await storage.commitSession(seed));
  const session = await storage.getSession(cookie);
  const original = session.id;
  session.regenerateId(true);
  const committing = storage.commitSession(session);
  session.destroy(); // while the commit awaits its store
  assert.equal(session.deleteId, original, 'before the commit lands, the original is still to delete');
  await committing;
  assert.deepEqual(deleted, [original]);
  assert.equal(session.deleteId, undefined, 'the commit deleted the original');
  const renamed = session.id;
  assert.notEqual(renamed, original);
  assert.match(await storage.destroySession(session), /Max-Age=0/);
  assert.deepEqual(deleted, [original, renamed], 'the logout deletes the new record, and the original only once');
  assert.equal(backend.records.size, 0);
});
