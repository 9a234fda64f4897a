// createSessionStorage with userKey: past MAX_USER_SESSIONS (100) a sign-in evicts the least recently seen session of
// the user, deleting its record. Should that delete fail, callback-user-store.js says "the sign-in stands; an
// eviction that failed is tried again" (user-index.js keeps such IDs `pending`, and the memory, file and Durable Object
// storages end them at the user's next sign-in or revocation). The callback store's index record keeps only
// `sessions`, so the pending ID is lost with the write: the evicted session lives on, signed in, and no later sign-in
// ends it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['a-long-enough-secret-for-the-tests-0123456789'] };

describe('createSessionStorage: an eviction past 100 sessions whose delete failed', () => {
  it('is tried again at the user\'s next sign-in', async () => {
    const callbacks = callbacksOf(mapBackend());
    let failDeletes = false;
    const storage = createSessionStorage({
      cookie,
      userKey: 'userId',
      ...callbacks,
      deleteData: async (id) => {
        if (failDeletes && !id.startsWith('es:')) throw new Error('injected deleteData failure');
        return callbacks.deleteData(id);
      },
    });
    const signIn = async () => {
      const session = await storage.getSession(null);
      session.set('userId', 'ann');
      return (await storage.commitSession(session)).split(';')[0];
    };
    const first = await signIn(); // the least recently seen from here on
    for (let i = 0; i < 99; i++) await signIn();
    const logged = console.error;
    console.error = () => {};
    try {
      failDeletes = true;
      await signIn(); // the 101st: evicts `first`, whose delete fails (logged; the sign-in stands)
      failDeletes = false;
    } finally {
      console.error = logged;
    }
    assert.equal((await storage.getSession(first)).get('userId'), 'ann', 'the failed eviction left it (as expected so far)');
    await signIn(); // the user's next sign-in: the eviction is tried again
    assert.equal((await storage.getSession(first)).get('userId'), undefined, 'the evicted session is ended at last');
  });
});
