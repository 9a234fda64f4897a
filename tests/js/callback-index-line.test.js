// createSessionStorage with userKey: an isolate's changes of one user's index go one at a time (js/callback-user-store.js
// inIndexLine). Review of that change: the line was per callbacks object, so storages made per request (closures over
// `env`) still lost each other's entries; and a change waited for the one before it without bound, so one hung
// callback held that user's later sign-ins and revocations in the isolate for good, and a revocation made from
// inside a commit's write of the index deadlocked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSessionStorage } from 'edge-session';
import { INDEX_LINE_WAIT_MS, indexLinesHeld } from '../../js/callback-user-store.js';
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

/**
 * The promise's outcome when the mocked clock has moved on by `ms` from the moment a change started waiting for the
 * one before it (a setTimeout of INDEX_LINE_WAIT_MS), or at once if it settles without waiting; 'hung' if it has not
 * settled then. Real pauses let the thread pool (SHA-256 digests) answer whatever the machine's load: ticking the
 * mocked clock before the wait began would let a hung line pass for a bounded one, or the other way round.
 */
async function within(t, promise, ms) {
  let outcome = 'hung';
  promise.then((value) => (outcome = { value }), (error) => (outcome = { error }));
  const waits = lineWaits;
  const deadline = Date.now() + 10_000; // real time (Date is not mocked here)
  while (outcome === 'hung' && lineWaits === waits && Date.now() < deadline) await realPause();
  if (outcome !== 'hung') return outcome;
  t.mock.timers.tick(ms);
  for (let i = 0; i < 500 && outcome === 'hung'; i++) await realPause();
  return outcome;
}

/** How many changes of an index began to wait for the one before it (their bounded wait's timer). */
let lineWaits = 0;
function countLineWaits(t) {
  const mocked = globalThis.setTimeout;
  globalThis.setTimeout = (callback, delay, ...args) => {
    if (delay === INDEX_LINE_WAIT_MS) lineWaits++;
    return mocked(callback, delay, ...args);
  };
  t.after(() => (globalThis.setTimeout = mocked));
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
    countLineWaits(t);
    const backend = mapBackend();
    const storage = storageOver(callbacksOf(backend));
    await signIn(storage);
    const digest = await userDigest('ada');
    backend.holdNextWrite(`es:user:${digest}`); // never released: a hung connection
    const hung = signIn(storage);
    hung.catch(() => {});
    for (let i = 0; i < 20; i++) await turn();
    const next = await within(t, signIn(storage), INDEX_LINE_WAIT_MS);
    assert.notEqual(next, 'hung', 'the next sign-in waited for good');
    const revoked = await within(t, storage.revokeUserSessions('ada'), INDEX_LINE_WAIT_MS);
    assert.notEqual(revoked, 'hung', 'the revocation waited for good');
    assert.ok(revoked.value >= 2);
  });

  it('a revocation made from inside a commit\'s write of the index does not deadlock', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    countLineWaits(t);
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
    const outcome = await within(t, signIn(storage), INDEX_LINE_WAIT_MS);
    assert.notEqual(outcome, 'hung', 'the sign-in deadlocked with the revocation it made');
    assert.equal(outcome.error, undefined);
  });
});

// Regression (audit of cancelled requests): an index's line was forgotten only when its last change settled, so
// each change whose callback never settled (its request cancelled) kept its line for the isolate's life.
describe('index lines of changes that never settled', () => {
  it('are forgotten once over a minute old and more than a thousand are held', { timeout: 60_000 }, async (t) => {
    const backend = mapBackend();
    const callbacks = callbacksOf(backend);
    const storage = storageOver({ ...callbacks, readData: (id) => (id.startsWith('es:user') ? new Promise(() => {}) : callbacks.readData(id)) });
    const held = indexLinesHeld();
    for (let i = 0; i < 1100; i++) void signIn(storage, `hung-${i}`).catch(() => {});
    while (indexLinesHeld() < held + 1100) await realPause();
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 61_000 });
    void signIn(storage, 'next').catch(() => {});
    while (indexLinesHeld() === held + 1100) await realPause();
    assert.ok(indexLinesHeld() <= held + 1, `${indexLinesHeld()} lines held`);
  });
});
