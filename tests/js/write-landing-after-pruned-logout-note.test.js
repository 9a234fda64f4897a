// A commit's write that lands after another request's logout deleted the record, on a store whose writes cannot say
// "only while it is still there" (createSessionStorage's callbacks, Workers KV): the commit deletes the record again
// (js/id-storage.js, "which of the two landed last is unknown, so the logout is made again"). It asks the isolate's
// notes of recent deletes (js/recent-deletes.js deletedSince), which answer "cannot tell" (undefined) once notes made
// since the write began were forgotten: a write in flight over a minute, during which another delete pruned the
// logout's note, or 10,000 deletes during it. Regression (mutation pass, s44): "cannot tell" was taken as "not
// deleted", the write that landed last stood, and the logged-out cookie was signed in again. The clock is mocked.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { gate } from '../helpers/gate.js';
import { mapBackend } from './map-backend.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const cookie = { name: '__session', secrets: ['landing-after-logout-0123456789abcdef'], maxAge: 3600 };

/** Callbacks that look `backend`'s methods up at each call, so that one replaced later is the one called. */
const lateBound = (backend) => ({
  createData: (...args) => backend.createData(...args),
  readData: (...args) => backend.readData(...args),
  updateData: (...args) => backend.updateData(...args),
  deleteData: (...args) => backend.deleteData(...args),
});

async function signIn(storage, user) {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return (await storage.commitSession(session)).split(';')[0];
}

const logOut = async (storage, header) => storage.destroySession(await storage.getSession(header));

it('a write that lands after a logout whose note was pruned meanwhile is deleted again', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie, ...lateBound(backend) });
  const ann = await signIn(storage, 'ann');
  const bob = await signIn(storage, 'bob');
  const page = await storage.getSession(ann);
  page.set('step', 1);
  // The write is sent, and lands only later (a database across a slow network).
  const { updateData } = backend;
  const landing = gate();
  backend.updateData = async (...args) => {
    backend.updateData = updateData;
    await landing.pass();
    return updateData.apply(backend, args);
  };
  const committing = storage.commitSession(page);
  await landing.reached;
  await logOut(storage, ann); // ann logs out in another tab: the record is deleted
  t.mock.timers.tick(61_000);
  await logOut(storage, bob); // a later delete prunes the notes older than a minute
  landing.open(); // the write lands, over the logout
  assert.match(await committing, /Max-Age=0/, 'which landed last is unknown: the logout stands');
  assert.equal((await storage.getSession(ann)).get('userId'), undefined, 'the old cookie opens nothing');
});

// And the other side of it: the notes remember 10,000 deletes (js/recent-deletes.js MAX_REMEMBERED), so a write in
// flight beside other users' logouts stands. Mutation pass (s44): a bound of 100 went unnoticed; with "cannot tell"
// taken as deleted, it would sign out every user whose write was in flight beside 100 logouts.
it('a write in flight beside 150 other logouts stands', async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie, ...lateBound(backend) });
  const ann = await signIn(storage, 'ann');
  const others = [];
  for (let i = 0; i < 150; i++) others.push(await signIn(storage, `user${i}`));
  const page = await storage.getSession(ann);
  page.set('step', 1);
  const { updateData } = backend;
  const landing = gate();
  backend.updateData = async (...args) => {
    backend.updateData = updateData;
    await landing.pass();
    return updateData.apply(backend, args);
  };
  const committing = storage.commitSession(page);
  await landing.reached;
  for (const header of others) await logOut(storage, header);
  landing.open();
  assert.doesNotMatch(await committing, /Max-Age=0/);
  assert.equal((await storage.getSession(ann)).get('step'), 1, 'written, ann still signed in');
});
