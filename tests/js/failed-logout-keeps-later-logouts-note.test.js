// A logout whose delete fails takes its note of the delete back (js/recent-deletes.js deleteNoted): the record is
// still there. But only its own note: another tab's logout of the same session, made while that failing delete
// was on its way, succeeded, and a slow page that read the session before both must still not write it back
// (README, Logout: "a request that read (or last wrote) a record before such a delete writes it no more").
// Mutation pass (s50): the failed delete taking back whatever note the record had then went unnoticed; it dropped
// the other tab's successful logout, and the slow page's commit signed the logged-out cookie in again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { gate } from '../helpers/gate.js';
import { mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['failed-logout-later-note-0123456789abcdef'], maxAge: 3600 };

/** Callbacks that look `backend`'s methods up at each call, so that one replaced later is the one called. */
const lateBound = (backend) => ({
  createData: (...args) => backend.createData(...args),
  readData: (...args) => backend.readData(...args),
  updateData: (...args) => backend.updateData(...args),
  deleteData: (...args) => backend.deleteData(...args),
});

it("a logout whose delete fails after another tab's logout succeeded leaves that logout's note: a slow page does not write the session back", async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie, ...lateBound(backend) });
  const first = await storage.getSession(null);
  first.set('userId', 'ann');
  const ann = (await storage.commitSession(first)).split(';')[0];
  const slow = await storage.getSession(ann); // a slow page, read before both logouts
  const [tabA, tabB] = [await storage.getSession(ann), await storage.getSession(ann)];

  const { deleteData } = backend;
  const timingOut = gate();
  backend.deleteData = async () => {
    backend.deleteData = deleteData; // the next delete (tab B's) reaches the database
    await timingOut.pass();
    throw new Error('database timeout');
  };
  const failing = assert.rejects(storage.destroySession(tabA), /database timeout/);
  await timingOut.reached;
  await storage.destroySession(tabB); // deleted
  timingOut.open();
  await failing;

  slow.set('seen', true);
  assert.match(await storage.commitSession(slow), /Max-Age=0/, 'refused, as after a logout');
  assert.equal((await storage.getSession(ann)).get('userId'), undefined, 'the old cookie opens nothing');
});
