// createSessionStorage with userKey: past 100 sessions a sign-in evicts the least recently seen one; should its delete
// fail, the index keeps it pending, "ended again by the user's next sign-in or revocation" (callback-user-store.js
// endPending), as README's 100 per user promises. The index is kept while it holds a pending session, even once
// every listed session has signed out. Mutation pass (s45): the index deleted once it listed no session, pending ones
// or not, went unnoticed; the evicted session was forgotten and lived on, signed in, past the user's next sign-in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signIn } from '../helpers/sign-in.js';

it("an eviction whose delete failed is tried again at the next sign-in after every listed session signed out", async () => {
  const callbacks = callbacksOf(mapBackend());
  let failDeletes = false;
  const deleteData = async (id) => {
    if (failDeletes && !id.startsWith('es:')) throw new Error('injected deleteData failure');
    return callbacks.deleteData(id);
  };
  const storage = createSessionStorage({ cookie: { secrets: ['s3cr3t'] }, userKey: 'userId', ...callbacks, deleteData });
  const first = await signIn(storage, 'ann'); // the least recently seen from here on
  const others = [];
  for (let i = 0; i < 99; i++) others.push(await signIn(storage, 'ann'));
  const logged = console.error;
  console.error = () => {};
  try {
    failDeletes = true;
    others.push(await signIn(storage, 'ann')); // the 101st: evicts `first`, whose delete fails (logged)
    failDeletes = false;
  } finally {
    console.error = logged;
  }
  for (const cookie of others) await storage.destroySession(await storage.getSession(cookie)); // every listed one
  assert.equal((await storage.getSession(first)).get('userId'), 'ann', 'the failed eviction left it (as expected so far)');
  await signIn(storage, 'ann');
  assert.equal((await storage.getSession(first)).get('userId'), undefined, 'the evicted session is ended at last');
});
