// The users' index against the records, found by a seeded model of one cookie's Session objects (a user-index model
// audit): every ID a user's list names is a live session of that user, and every such session is listed.
// Regressions:
// - a logout after a committed regenerateId() that unset the user deleted the old record, which stayed listed;
// - a Session's regenerateId(true) sign-in, after another Session of the cookie signed the same user in on the old
//   ID, deleted that ID and left it listed;
// - two Session objects of one cookie committing at once (React Router's loaders) were not ordered: two users'
//   sign-ins left one ID, the second user's, listed under both (revoking the first signed the second out), and a
//   sign-out by unset beside a plain rewrite left a signed-in record unlisted (memory, files: past "sign out
//   everywhere");
// - a Session refused as ended (the other had signed its user out), then logged out, deleted the record the other
//   had meanwhile signed another user in on, and left it on that user's list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { userStores } from './user-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const pairOf = (setCookie) => setCookie.split(';')[0];

/** A committed session with `data`: its cookie pair. */
async function stored(storage, data) {
  const session = await storage.getSession(null);
  for (const [key, value] of Object.entries(data)) session.set(key, value);
  const pair = pairOf(await storage.commitSession(session));
  session.dispose();
  return pair;
}

/** The user the record `pair` names opens as (undefined: none). */
async function userOf(storage, pair) {
  const session = await storage.getSession(pair);
  const user = session.get('userId');
  session.dispose();
  return user;
}

for (const [name, make] of Object.entries(userStores(cookie))) {
  describe(`${name}: the users' index follows one cookie's Session objects`, () => {
    it('a logout after a committed regenerateId() that unset the user takes the old ID off the list', async () => {
      const storage = make();
      const pair = await stored(storage, { userId: 'ann' });
      const session = await storage.getSession(pair);
      session.regenerateId();
      session.unset('userId');
      await storage.commitSession(session);
      assert.equal((await storage.listUserSessions('ann')).length, 1, 'the old record, still ann\'s, stays listed');
      await storage.destroySession(session);
      assert.equal(await userOf(storage, pair), undefined, 'the logout ended the old record');
      assert.deepEqual(await storage.listUserSessions('ann'), []);
      assert.equal(await storage.revokeUserSessions('ann'), 0);
    });

    it('a regenerateId(true) sign-in after another Session signed the same user in takes the deleted ID off the list', async () => {
      const storage = make();
      const pair = await stored(storage, { n: 1 });
      const rotating = await storage.getSession(pair);
      const other = await storage.getSession(pair);
      other.set('userId', 'ann');
      await storage.commitSession(other);
      rotating.regenerateId(true);
      rotating.set('userId', 'ann');
      const header = pairOf(await storage.commitSession(rotating));
      assert.deepEqual((await storage.listUserSessions('ann')).map(({ id }) => id), [rotating.id]);
      assert.equal(await storage.revokeUserSessions('ann'), 1);
      assert.equal(await userOf(storage, header), undefined);
    });

    it('two users\' sign-ins committed at once through two Session objects: revoking the first leaves the second', async () => {
      const storage = make();
      const pair = await stored(storage, { n: 1 });
      const first = await storage.getSession(pair);
      const second = await storage.getSession(pair);
      first.set('userId', 'ann');
      second.set('userId', 'cy');
      const [, cys] = (await Promise.all([storage.commitSession(first), storage.commitSession(second)])).map(pairOf);
      assert.equal(await userOf(storage, cys), 'cy');
      const anns = await storage.listUserSessions('ann');
      for (const { id } of anns) assert.notEqual(id, second.id, 'cy\'s session is not listed under ann');
      await storage.revokeUserSessions('ann');
      assert.equal(await userOf(storage, cys), 'cy', 'cy stays signed in');
      assert.equal((await storage.listUserSessions('cy')).length, 1);
    });

    it('a logout through a Session refused after the other signed its user out takes the ID off the new user\'s list', async () => {
      const storage = make();
      const pair = await stored(storage, { userId: 'ann' });
      const stale = await storage.getSession(pair);
      const other = await storage.getSession(pair);
      other.unset('userId');
      await storage.commitSession(other); // ann signs out
      stale.regenerateId();
      await storage.commitSession(stale); // memory and files refuse it (ann's ID unlisted: as after a revocation)
      other.set('userId', 'cy');
      await storage.commitSession(other); // cy signs in on the record
      await storage.destroySession(stale); // a logout of the cookie through the stale Session
      for (const user of ['ann', 'cy']) {
        for (const { id } of await storage.listUserSessions(user)) assert.equal(await userOf(storage, `__session=${id}`), user, `${user} lists a live session`);
      }
      assert.equal(await userOf(storage, pair), undefined);
      assert.deepEqual(await storage.listUserSessions('cy'), []);
    });

    it('a sign-out by unset at once with a plain rewrite of the cookie leaves no signed-in session unlisted', async () => {
      const left = [];
      for (let ticks = 0; ticks < 12; ticks++) {
        const storage = make();
        const pair = await stored(storage, { userId: 'ann' });
        const signingOut = await storage.getSession(pair);
        const rewriting = await storage.getSession(pair);
        const rewrite = storage.commitSession(rewriting); // another loader's commit of the session as it read it
        for (let i = 0; i < ticks; i++) await null;
        signingOut.unset('userId');
        await Promise.all([storage.commitSession(signingOut), rewrite]);
        const user = await userOf(storage, pair);
        const listed = (await storage.listUserSessions('ann')).length;
        await storage.revokeUserSessions('ann');
        const afterRevocation = await userOf(storage, pair);
        if ((user === 'ann' && listed !== 1) || afterRevocation !== undefined) left.push({ ticks, user, listed, afterRevocation });
      }
      assert.deepEqual(left, [], 'interleavings that left ann signed in past the revocation, or unlisted');
    });
  });
}
