// README (Signing out everywhere): sessions written before `userKey` was set "count as signed in when they began":
// each read is checked against the user's last revocation, which ends those begun before it. One begun well after
// that revocation (an instance without `userKey` still serving, a rolling deploy) is no revoked session: it reads
// signed in, on the server-side storages whose revocations reach their records late. Mutation pass (s46): the read
// taking such a session's missing sign-in time (0) for its sign-in, so that every revocation, however old, voided
// it, went unnoticed; the user was signed out at their next page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const clock = handClock();

// kind -> [a storage with userKey, one without] over one new store
const KINDS = {
  'Workers KV': () => {
    const kv = mapKV();
    return [createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }), createWorkersKVSessionStorage({ cookie, kv })];
  },
  'createSessionStorage callbacks': () => {
    const callbacks = callbacksOf(mapBackend());
    return [createSessionStorage({ cookie, ...callbacks, userKey: 'userId' }), createSessionStorage({ cookie, ...callbacks })];
  },
};

for (const [kind, make] of Object.entries(KINDS)) {
  describe(`${kind}: a session written without userKey, begun after its user's last revocation`, () => {
    it('reads signed in, and its commit writes it as such', async () => {
      clock.newDay(); // past the stamps an earlier test gave in this isolate
      const [withUsers, withoutUsers] = make();
      const revoked = await signIn(withUsers, 'ada');
      clock.now += 1_000;
      assert.equal(await withUsers.revokeUserSessions('ada'), 1);
      clock.now += 60_000; // well past the revocation, and past every cache
      const later = await withoutUsers.getSession(null);
      later.set('userId', 'ada');
      const header = pairOf(await withoutUsers.commitSession(later));

      const session = await withUsers.getSession(header);
      assert.equal(session.get('userId'), 'ada', 'begun after the revocation: not ended by it');
      session.set('seen', 1);
      const written = pairOf(await withUsers.commitSession(session));
      assert.equal((await withUsers.getSession(written)).get('userId'), 'ada');
      assert.equal((await withUsers.getSession(revoked)).get('userId'), undefined, 'the session revoked stays ended');
    });
  });
}
