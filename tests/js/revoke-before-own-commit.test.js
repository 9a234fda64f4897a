// "Sign out of my other devices" (revokeUserSessions with `except`) called just before the device's own
// regenerateId(true) is committed (React Router runs a page's loaders at once, in either order): the device stays
// signed in and only the other one ends. The other order is tests/js/revoke-during-own-commit.test.js.
// Regression (review): the revocation waited only for a commit of the kept session already in flight; one called
// after it ran alongside, the revocation kept the old ID the commit was replacing and ended the new one (callbacks:
// the commit's cookie opened nothing; KV: the device's own new ID counted as another device; files: now and then).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, userStores } from './user-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

const STORES = userStores(cookie);

/** The session's cookie header after its response's last commit (withSession writes a change the revocation made). */
async function finalHeader(storage, session, header) {
  return session.dirty || session.renewalDue ? (await storage.commitSession(session)).split(';')[0] : header;
}

/** `promise`, or a failure once `ms` passed: a revocation waiting for itself in its session's turn never settles. */
function settles(promise, what, ms = 2000) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} never settled`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// 0..39 microtask ticks between the two calls: the file storage lost the device in a few of them only.
const TICKS = 40;

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: "sign out of my other devices" just before this device's own rotation is committed`, () => {
    it('keeps this device signed in, and ends only the other one, whatever the ticks between the calls', async () => {
      const lost = [];
      for (let ticks = 0; ticks < TICKS; ticks++) {
        const storage = make();
        const mine = await signIn(storage, 'ann');
        const other = await signIn(storage, 'ann');
        const session = await storage.getSession(mine);
        const revoking = storage.revokeUserSessions('ann', { except: session }); // one loader
        for (let i = 0; i < ticks; i++) await null;
        session.regenerateId(true); // another loader, at once
        const committed = (await storage.commitSession(session)).split(';')[0];
        const count = await revoking;
        const header = await finalHeader(storage, session, committed);
        const kept = (await storage.getSession(header)).get('userId') === 'ann';
        const otherEnded = (await storage.getSession(other)).get('userId') === undefined;
        const listed = (await storage.listUserSessions('ann')).length;
        if (count !== 1 || !kept || !otherEnded || listed !== 1) lost.push({ ticks, count, kept, otherEnded, listed });
      }
      assert.deepEqual(lost, [], 'interleavings where the revocation went wrong');
    });

    it('lists this device as current when the listing is called just before its rotation is committed', async () => {
      const wrong = [];
      for (let ticks = 0; ticks < TICKS; ticks++) {
        const storage = make();
        const mine = await signIn(storage, 'ann');
        await signIn(storage, 'ann');
        const session = await storage.getSession(mine);
        const listing = storage.listUserSessions('ann', { current: session });
        for (let i = 0; i < ticks; i++) await null;
        session.regenerateId(true);
        await storage.commitSession(session);
        const sessions = await listing;
        if (sessions.length !== 2 || sessions.filter((entry) => entry.current).length !== 1) wrong.push({ ticks, sessions });
      }
      assert.deepEqual(wrong, [], 'interleavings where the list was wrong');
    });

    it('keeps a session this request signs in when its first commit is called just after the revocation', async () => {
      const storage = make();
      await signIn(storage, 'ann');
      const fresh = await storage.getSession(null);
      fresh.set('userId', 'ann');
      const revoking = storage.revokeUserSessions('ann', { except: fresh });
      const header = (await storage.commitSession(fresh)).split(';')[0];
      assert.equal(await revoking, 1, 'the other session ended');
      assert.equal((await storage.getSession(await finalHeader(storage, fresh, header))).get('userId'), 'ann', 'the new one stays');
      assert.equal((await storage.listUserSessions('ann')).length, 1);
    });

    it('settles when `except` is another user\'s session, or one being destroyed', async () => {
      const storage = make();
      await signIn(storage, 'ann');
      const bobs = await storage.getSession(await signIn(storage, 'bob'));
      const revoking = storage.revokeUserSessions('ann', { except: bobs });
      bobs.regenerateId(true);
      const bobHeader = (await settles(storage.commitSession(bobs), 'bob\'s commit')).split(';')[0];
      assert.equal(await settles(revoking, 'the revocation'), 1, 'ann\'s one session ended');
      assert.equal((await storage.getSession(bobHeader)).get('userId'), 'bob', 'bob untouched');

      const doomed = await storage.getSession(await signIn(storage, 'ann'));
      const destroying = storage.destroySession(doomed);
      const revokingDestroyed = storage.revokeUserSessions('ann', { except: doomed });
      await settles(destroying, 'the logout');
      assert.equal(await settles(revokingDestroyed, 'the revocation'), 0, 'nothing else to end');
      assert.equal(await settles(storage.revokeUserSessions('ann', { except: doomed }), 'a revocation after the logout'), 0);
      assert.deepEqual(await storage.listUserSessions('ann'), []);
    });
  });
}
