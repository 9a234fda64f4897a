// Flash lifetime: a value flashed in request N is readable in request N+1
// only, and the commit of N+1 drops it whether or not it was read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

for (const [storageName, makeStorage] of [
  ['cookie storage', () => createCookieSessionStorage({ cookie })],
  ['memory storage', () => createMemorySessionStorage({ cookie })],
]) {
  describe(`Flash lifetime (${storageName})`, () => {
    /** Request N: flashes `message` and commits; returns the next Cookie header. */
    async function requestN(storage) {
      const session = await storage.getSession(null);
      session.set('userId', 'mj');
      session.flash('message', 'ok');
      return cookiePair(await storage.commitSession(session));
    }

    it('is not visible in the request that flashes it', async () => {
      const storage = makeStorage();
      const session = await storage.getSession(null);
      session.flash('message', 'ok');
      assert.equal(session.get('message'), undefined);
      assert.equal(session.has('message'), false);
      assert.equal(session.size, 0);
    });

    it('is visible in the next request, which arrives dirty', async () => {
      const storage = makeStorage();
      const next = await storage.getSession(await requestN(storage));
      assert.equal(next.get('message'), 'ok');
      assert.equal(next.has('message'), true);
      assert.equal(next.get('userId'), 'mj');
      assert.equal(next.size, 2);
      assert.equal(next.dirty, true);
    });

    it('can be read more than once during the next request', async () => {
      const storage = makeStorage();
      const next = await storage.getSession(await requestN(storage));
      assert.equal(next.get('message'), 'ok');
      assert.equal(next.get('message'), 'ok');
    });

    it('is gone after the next request commits, when it was read', async () => {
      const storage = makeStorage();
      const next = await storage.getSession(await requestN(storage));
      assert.equal(next.get('message'), 'ok');
      const after = await storage.getSession(cookiePair(await storage.commitSession(next)));
      assert.equal(after.get('message'), undefined);
      assert.equal(after.has('message'), false);
      assert.equal(after.get('userId'), 'mj');
      assert.equal(after.dirty, false);
    });

    it('is gone after the next request commits, when it was not read', async () => {
      const storage = makeStorage();
      const next = await storage.getSession(await requestN(storage));
      const after = await storage.getSession(cookiePair(await storage.commitSession(next)));
      assert.equal(after.get('message'), undefined);
      assert.equal(after.get('userId'), 'mj');
      assert.deepEqual(after.data, { userId: 'mj' });
    });

    it('survives to the following request when the next request does not commit', async () => {
      const storage = makeStorage();
      const cookieN = await requestN(storage);
      const uncommitted = await storage.getSession(cookieN);
      assert.equal(uncommitted.get('message'), 'ok');
      uncommitted.dispose(); // the handler threw: nothing is committed
      const retry = await storage.getSession(cookieN);
      assert.equal(retry.get('message'), 'ok');
      assert.equal(retry.dirty, true);
    });

    it('a flash set in request N+1 replaces the one it received, for request N+2', async () => {
      const storage = makeStorage();
      const next = await storage.getSession(await requestN(storage));
      next.flash('message', 'again');
      assert.equal(next.get('message'), 'ok', 'the new flash is not visible yet');
      const after = await storage.getSession(cookiePair(await storage.commitSession(next)));
      assert.equal(after.get('message'), 'again');
    });
  });
}
