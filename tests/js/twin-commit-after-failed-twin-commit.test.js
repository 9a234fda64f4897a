// Two Session objects of one cookie (the request's own and one read again with getSession, or two requests of one
// browser in one isolate) commit in turn (js/twin-sessions.js), each waiting for the other's commit under way.
// README: a failed commit rejects that commit with a SessionStorageError; the other Session's commit is its own
// and must still be written. Mutation pass (s48): waitAtMost (js/bounded-wait.js) rejecting as the awaited call
// did, not only settling, went unnoticed: the second commit then failed with the first's error, never written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, SessionStorageError } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

describe('A twin Session commits after the other twin\'s commit failed', () => {
  it('the second commit is written; the first alone rejects', async () => {
    const backend = mapBackend();
    const callbacks = callbacksOf(backend);
    let failNext = false;
    const storage = createSessionStorage({
      cookie,
      userKey: 'userId',
      ...callbacks,
      updateData: async (id, data, expires) => {
        if (failNext) {
          failNext = false;
          await new Promise((resolve) => setTimeout(resolve, 20)); // under way while the twin's commit joins
          throw new Error('database unavailable');
        }
        return callbacks.updateData(id, data, expires);
      },
    });
    const pair = await signIn(storage, 'ann');
    const id = [...backend.records.keys()][0];

    const first = await storage.getSession(pair);
    const second = await storage.getSession(pair);
    first.set('theme', 'dark');
    second.set('cart', 3);
    failNext = true;
    const failing = storage.commitSession(first);
    const following = storage.commitSession(second);
    await assert.rejects(failing, SessionStorageError);
    const setCookie = await following;
    assert.equal(typeof setCookie, 'string', 'the second commit answered a cookie');
    assert.equal(backend.records.get(id).data.cart, 3, 'the second commit was written');
  });
});
