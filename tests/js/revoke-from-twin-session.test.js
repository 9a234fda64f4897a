// "Sign out of my other devices" from one Session object while another Session object of the same cookie (another
// loader's getSession, a "twin") commits that device's regenerateId(true) after it, however many ticks later and
// however many times: the device keeps its new ID and only the other device ends. Regression (review): callbacks,
// KV and files ended the new ID, written signed in before the revocation, while the revocation ran.
// A rotation committed before the revocation is not followed: the revocation names the device by the ID its
// `except` was read under, and the new ID, which another request holding a copy of the cookie may have made (a
// thief), ends with the others. Cookie sessions have no ID: their `except` is the Session to commit (README).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, userStores } from './user-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

const STORES = userStores(cookie);

const TICKS = 40;

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: a revocation from one Session object and the rotation another commits`, () => {
    for (const rotations of [1, 2]) {
      it(`keeps the device under its new ID when the rotation is committed while the revocation runs (${rotations} rotation(s))`, async () => {
        const lost = [];
        for (let ticks = 0; ticks < TICKS; ticks++) {
          const storage = make();
          const mine = await signIn(storage, 'ann');
          const other = await signIn(storage, 'ann');
          const rotating = await storage.getSession(mine); // one loader
          const revoker = await storage.getSession(mine); // another, with its own getSession
          const revoking = storage.revokeUserSessions('ann', { except: revoker });
          for (let i = 0; i < ticks; i++) await null;
          let header;
          for (let r = 0; r < rotations; r++) {
            rotating.regenerateId(true);
            header = (await storage.commitSession(rotating)).split(';')[0];
          }
          const count = await revoking;
          const kept = (await storage.getSession(header)).get('userId') === 'ann';
          const otherEnded = (await storage.getSession(other)).get('userId') === undefined;
          const listed = (await storage.listUserSessions('ann')).length;
          if (count !== 1 || !kept || !otherEnded || listed !== 1) lost.push({ ticks, count, kept, otherEnded, listed });
        }
        assert.deepEqual(lost, [], 'interleavings where the revocation went wrong');
      });
    }

    for (const deleteOld of [false, true]) {
      it(`never keeps an ID another Session of the cookie moved to before the revocation (regenerateId(${deleteOld}))`, async () => {
        const storage = make();
        const mine = await signIn(storage, 'ann');
        const victim = await storage.getSession(mine); // the request asking "sign out of my other devices"
        const thief = await storage.getSession(mine); // another request, holding a copy of the cookie
        thief.regenerateId(deleteOld);
        const thiefHeader = (await storage.commitSession(thief)).split(';')[0];
        await storage.revokeUserSessions('ann', { except: victim });
        assert.equal((await storage.getSession(thiefHeader)).get('userId'), undefined, 'the copy\'s new ID ended');
        if (!deleteOld) assert.equal((await storage.getSession(mine)).get('userId'), 'ann', 'the device kept');
      });
    }
  });
}
