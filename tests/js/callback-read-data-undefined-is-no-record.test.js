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
import { userAfterLogoutPastAMinute } from '../helpers/logout-past-a-minute.js';

it('a slow request past a minute does not write back a session logged out meanwhile, readData answering undefined', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
  const callbacks = callbacksOf(mapBackend());
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['callback-read-data-undefined'.padEnd(32, '!')], maxAge: 3600 },
    ...callbacks,
    readData: async (id) => (await callbacks.readData(id)) ?? undefined,
  });
  assert.equal(await userAfterLogoutPastAMinute(storage, t), undefined, 'the old cookie opens nothing');
});
