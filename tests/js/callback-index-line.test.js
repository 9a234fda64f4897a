// createSessionStorage with userKey: an isolate's changes of one user's index go one at a time (js/callback-user-store.js
// inIndexLine). Review of that change: the line was per callbacks object, so storages made per request (closures over
// `env`) still lost each other's entries; and a change waited for the one before it without bound, so one hung
// callback held that user's later sign-ins and revocations in the isolate for good, and a revocation made from
// inside a commit's write of the index deadlocked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSessionStorage } from 'edge-session';
import { INDEX_LINE_WAIT_MS } from '../../js/callback-user-store.js';
import { userDigest } from '../../js/user-sessions.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';

const cookie = { secrets: ['index-line'] };
const turn = () => new Promise((resolve) => setImmediate(resolve));
const realSetTimeout = setTimeout; // the mocked clock's steps still let the thread pool (SHA-256 digests) answer
const realPause = () => new Promise((resolve) => realSetTimeout(resolve, 2));
/** The callbacks of `backend`, each answering after a turn of the event loop, as a database does. */
function slowCallbacks(backend) {
  const later = (call) => async (...args) => {
    await turn();
    return call(...args);
  };
  const { createData, readData, updateData, deleteData } = callbacksOf(backend);
  return { createData, readData: later(readData), updateData: later(updateData), deleteData: later(deleteData) };
}
const storageOver = (callbacks) => createSessionStorage({ cookie, ...callbacks, userKey: 'userId' });

async function signIn(storage, user = 'ada') {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return cookiePair(await storage.commitSession(session));
}

/** Settles `promise` while the mocked clock moves on by `ms` at most, in steps; 'hung' if it has not settled. */
async function within(t, promise, ms) {
  let outcome = 'hung';
  promise.then((value) => (outcome = { value }), (error) => (outcome = { error }));
  for (let waited = 0; waited <= ms && outcome === 'hung'; waited += 100) {
    await realPause();
    t.mock.timers.tick(100);
  }
  return outcome;
}

describe("an isolate's changes of one user's index (createSessionStorage with userKey)", () => {
  it('go one at a time across storages made per request over one backend', async () => {
    const backend = mapBackend();
    // A new storage, with new callback closures, per request: as an app building it from `env` does.
    await Promise.all(Array.from({ length: 20 }, () => signIn(storageOver(slowCallbacks(backend)))));
    const storage = storageOver(slowCallbacks(backend));
    assert.equal((await storage.listUserSessions('ada')).length, 20);
    assert.equal(await storage.revokeUserSessions('ada'), 20);
  });

  it("a write of the index that never settles holds that user's later changes for at most INDEX_LINE_WAIT_MS", async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const backend = mapBackend();
    const storage = storageOver(callbacksOf(backend));
    await signIn(storage);
    const digest = await userDigest('ada');
    backend.holdNextWrite(`es:user:${digest}`); // never released: a hung connection
    const hung = signIn(storage);
    hung.catch(() => {});
    for (let i = 0; i < 20; i++) await turn();
    const next = await within(t, signIn(storage), INDEX_LINE_WAIT_MS + 1000);
    assert.notEqual(next, 'hung', 'the next sign-in waited for good');
    const revoked = await within(t, storage.revokeUserSessions('ada'), INDEX_LINE_WAIT_MS + 1000);
    assert.notEqual(revoked, 'hung', 'the revocation waited for good');
    assert.ok(revoked.value >= 2);
  });

  it('a revocation made from inside a commit\'s write of the index does not deadlock', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const backend = mapBackend();
    const callbacks = callbacksOf(backend);
    let storage;
    let hooked = false;
    const indexId = `es:user:${await userDigest('ada')}`;
    storage = storageOver({
      ...callbacks,
      async updateData(id, data, expires) {
        if (id === indexId && !hooked) {
          hooked = true;
          await storage.revokeUserSessions('ada'); // a backend hook: "a new device signed in, end the others"
        }
        return callbacks.updateData(id, data, expires);
      },
    });
    const outcome = await within(t, signIn(storage), INDEX_LINE_WAIT_MS + 1000);
    assert.notEqual(outcome, 'hung', 'the sign-in deadlocked with the revocation it made');
    assert.equal(outcome.error, undefined);
  });
});
