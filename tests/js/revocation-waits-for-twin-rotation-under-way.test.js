// "Sign out of my other devices" called while another Session object of the same cookie (a copy of it another
// request holds: a thief's) has its rotation's commit under way: the revocation waits for that commit (twin-sessions.js
// twinsBefore: a USERS call waits for the twins' commits called before it), so the copy's new ID is listed by then
// and ends with the others. Mutation pass (s44): a revocation that waited for no twin's commit ran beside the
// rotation, listed the user's sessions before the new ID was, and the copy stayed signed in; no test noticed (the
// existing ones await the rotation's commit before calling the revocation, or call the rotation after it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, userStores } from './user-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

for (const [name, make] of Object.entries(userStores(cookie))) {
  describe(`${name}: a revocation called while a copy of the kept cookie commits its rotation`, () => {
    for (const deleteOld of [false, true]) {
      it(`ends the copy's new ID (regenerateId(${deleteOld}))`, async () => {
        const storage = make();
        const mine = await signIn(storage, 'ann');
        const victim = await storage.getSession(mine); // the request asking "sign out of my other devices"
        const thief = await storage.getSession(mine); // another request, holding a copy of the cookie
        thief.regenerateId(deleteOld);
        const rotating = storage.commitSession(thief); // under way when the revocation is called
        const revoking = storage.revokeUserSessions('ann', { except: victim });
        const thiefHeader = (await rotating).split(';')[0];
        await revoking;
        assert.equal((await storage.getSession(thiefHeader)).get('userId'), undefined, "the copy's new ID ended");
        if (!deleteOld) assert.equal((await storage.getSession(mine)).get('userId'), 'ann', 'the device kept');
      });
    }
  });
}
