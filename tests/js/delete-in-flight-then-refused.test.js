// A commit that finds another request's delete of its record in flight gives up (a logout meanwhile), but must not
// take the session off its user's list: the delete may yet fail, and then the record lives on, signed in. Regression
// (user-index model on Durable Objects): a user switch whose delete of the old ID was refused (SESSION_CHANGED)
// made another loader's commit unlist the record, which then outlived "sign out everywhere" unlisted. Here the
// same on createSessionStorage's callbacks: a switch through one storage whose deleteData fails, and a commit
// through another storage over the same backend while that delete is under way.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const pairOf = (setCookie) => setCookie.split(';')[0];

it('a commit giving up for a delete in flight that then fails leaves the session listed', async () => {
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  let deleteGate; // { id, reached, released }: deleteData(id) waits, then fails
  let indexGate; // the next index write (an `es:` record) waits
  const gate = () => {
    const g = {};
    g.reached = new Promise((resolve) => (g.reach = resolve));
    g.released = new Promise((resolve) => (g.release = resolve));
    return g;
  };
  const gated = {
    ...callbacks,
    async deleteData(id) {
      if (deleteGate?.id === id) {
        deleteGate.reach();
        await deleteGate.released;
        throw new Error('the backend refused the delete');
      }
      return callbacks.deleteData(id);
    },
    async updateData(id, data, expires) {
      if (indexGate && String(id).startsWith('es:')) {
        const g = indexGate;
        indexGate = undefined;
        g.reach();
        await g.released;
      }
      return callbacks.updateData(id, data, expires);
    },
  };
  const switching = createSessionStorage({ cookie, ...gated, userKey: 'userId' });
  const rewriting = createSessionStorage({ cookie, ...gated, userKey: 'userId' });
  const first = await switching.getSession(null);
  first.set('userId', 'ann');
  const pair = pairOf(await switching.commitSession(first));
  const id = first.id;

  const loaderA = await switching.getSession(pair);
  const loaderB = await rewriting.getSession(pair);
  indexGate = gate();
  const listingB = indexGate;
  loaderB.set('n', 1);
  const rewrite = rewriting.commitSession(loaderB); // its listing waits at the gate
  await listingB.reached;
  deleteGate = { id, ...gate() };
  loaderA.regenerateId(true);
  loaderA.set('userId', 'cy');
  const switchCommit = switching.commitSession(loaderA).then(() => 'committed', (error) => error.message);
  await deleteGate.reached; // the old ID's delete is under way
  listingB.release();
  await rewrite; // gives up: the record is being deleted
  deleteGate.release();
  assert.match(await switchCommit, /the backend refused the delete/, 'the switch failed');
  const after = await rewriting.getSession(pair);
  assert.equal(after.get('userId'), 'ann', 'the record lives, signed in');
  assert.deepEqual((await rewriting.listUserSessions('ann')).map((entry) => entry.id), [id], 'and listed');
});
