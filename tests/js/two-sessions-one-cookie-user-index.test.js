// Two Session objects of one cookie (the request's own and one read again with getSession, or two requests of one
// browser): a sign-in committed through one, then a commit through the other, which read the session before that
// sign-in. The users' index follows the record: a logout, another user's sign-in, or a write without the user leaves
// the first user's list. Regression (lifecycle model audit, repro-4): each Session knew only the user it read, so the
// ID stayed listed under the first user until it expired, and revoking that user ended the other user's session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { userStores } from './user-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

/** A visitor's stored session with no user: its cookie pair. */
async function visitor(storage) {
  const session = await storage.getSession(null);
  session.set('theme', 'dark');
  return (await storage.commitSession(session)).split(';')[0];
}

const pairOf = (setCookie) => setCookie.split(';')[0];

/** A visitor's cookie read by two Session objects; ann signed in and committed through the first. */
async function annSignedInThroughFirst(storage) {
  const pair = await visitor(storage);
  const first = await storage.getSession(pair);
  const second = await storage.getSession(pair);
  first.set('userId', 'ann');
  await storage.commitSession(first);
  return { pair, second };
}

for (const [name, make] of Object.entries(userStores(cookie))) {
  describe(`${name}: a sign-in through one Session object of a cookie, then a commit through another`, () => {
    it('another user\'s sign-in through the other takes the ID off the first user\'s list', async () => {
      const storage = make();
      const { second } = await annSignedInThroughFirst(storage);
      second.set('userId', 'bob');
      const bobs = pairOf(await storage.commitSession(second));
      assert.deepEqual(await storage.listUserSessions('ann'), [], 'ann lists no session');
      assert.equal((await storage.listUserSessions('bob')).length, 1);
      assert.equal(await storage.revokeUserSessions('ann'), 0, 'revoking ann ends nothing');
      assert.equal((await storage.getSession(bobs)).get('userId'), 'bob', 'bob stays signed in');
    });

    it('a logout through the other takes the ID off the first user\'s list', async () => {
      const storage = make();
      const { pair, second } = await annSignedInThroughFirst(storage);
      await storage.destroySession(second);
      assert.deepEqual(await storage.listUserSessions('ann'), []);
      assert.equal((await storage.getSession(pair)).get('userId'), undefined);
    });

    it('a write without the user through the other takes the ID off the list, as its record no longer names ann', async () => {
      const storage = make();
      const { pair, second } = await annSignedInThroughFirst(storage);
      second.set('theme', 'light');
      await storage.commitSession(second);
      assert.equal((await storage.getSession(pair)).get('userId'), undefined, 'the last write has no user');
      assert.deepEqual(await storage.listUserSessions('ann'), []);
    });

    it('the same user\'s sign-in through both lists the session once', async () => {
      const storage = make();
      const { second } = await annSignedInThroughFirst(storage);
      second.set('userId', 'ann');
      const header = pairOf(await storage.commitSession(second));
      assert.equal((await storage.listUserSessions('ann')).length, 1);
      assert.equal((await storage.getSession(header)).get('userId'), 'ann');
      assert.equal(await storage.revokeUserSessions('ann'), 1);
      assert.equal((await storage.getSession(header)).get('userId'), undefined);
    });

    it('a sign-out by unset through one, then a stale write of the user through the other, is no new sign-in', async () => {
      // The stale write puts ann back (the last write wins), but as the sign-in it read: a revocation made before
      // it still ends it.
      const storage = make();
      const pair = await visitor(storage);
      const signer = await storage.getSession(pair);
      signer.set('userId', 'ann');
      await storage.commitSession(signer);
      const first = await storage.getSession(pair);
      const second = await storage.getSession(pair);
      first.unset('userId');
      await storage.commitSession(first);
      await storage.revokeUserSessions('ann');
      second.set('theme', 'light');
      await storage.commitSession(second);
      assert.equal((await storage.getSession(pair)).get('userId'), undefined, 'the revocation ended the stale write');
    });
  });
}
