// A delete whose store call fails takes its note of the delete back (js/recent-deletes.js deleteNoted): the record is
// still there. But the note it replaced, of an earlier delete of that record that did succeed (a logout), comes
// back with it: a slow request that read the session before that logout must still not write it back. Mutation pass
// (s44): the earlier note not put back, a second logout of the same session from another tab, whose delete failed
// (a database timeout), let the slow page's commit sign the logged-out cookie in again; no test noticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['failed-second-logout-0123456789abcdef'], maxAge: 3600 };

/** Callbacks that look `backend`'s methods up at each call, so that one replaced later is the one called. */
const lateBound = (backend) => ({
  createData: (...args) => backend.createData(...args),
  readData: (...args) => backend.readData(...args),
  updateData: (...args) => backend.updateData(...args),
  deleteData: (...args) => backend.deleteData(...args),
});

it("a second logout whose delete fails leaves the first logout's note: a slow page does not write the session back", async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie, ...lateBound(backend) });
  const first = await storage.getSession(null);
  first.set('userId', 'ann');
  const ann = (await storage.commitSession(first)).split(';')[0];
  const slow = await storage.getSession(ann); // a slow page, read before the logout
  const otherTab = await storage.getSession(ann); // another tab's logout, read before the first one too
  await storage.destroySession(await storage.getSession(ann)); // the logout
  const { deleteData } = backend;
  backend.deleteData = async () => {
    backend.deleteData = deleteData;
    throw new Error('database timeout');
  };
  await assert.rejects(storage.destroySession(otherTab), /database timeout/);
  slow.set('seen', true);
  assert.match(await storage.commitSession(slow), /Max-Age=0/, 'refused, as after a logout');
  assert.equal((await storage.getSession(ann)).get('userId'), undefined, 'the old cookie opens nothing');
});
