// README, Signing out everywhere: listUserSessions lists a user's live sessions, and a logout takes its session off
// the list. A Session the app made with createSession(data, id) under the ID of a record another Session of this
// isolate signed a user in on knows no user of its own (it read nothing); its logout deletes that record, and the
// user it was last committed with here loses it from their list too. Mutation pass (s47): the user a record was
// last committed with in this isolate (recent-users.js lastCommittedUser) not asked went unnoticed; the logged-out
// session stayed listed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSession, createWorkersKVSessionStorage } from 'edge-session';
import { signIn } from '../helpers/sign-in.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t'] };
const STORAGES = {
  memory: () => createMemorySessionStorage({ cookie, userKey: 'userId' }),
  'Workers KV': () => createWorkersKVSessionStorage({ cookie, kv: mapKV(), userKey: 'userId' }),
};

for (const [kind, make] of Object.entries(STORAGES)) {
  describe(kind, () => {
    it("a logout of createSession(data, id) under a signed-in record's ID takes it off its user's list", async () => {
      const storage = make();
      const pair = await signIn(storage, 'alice');
      const { id } = await storage.getSession(pair);
      assert.deepEqual((await storage.listUserSessions('alice')).map((session) => session.id), [id]);

      const made = await createSession({ note: 'the app made it' }, id);
      assert.match(await storage.destroySession(made), /^__session=;/);
      assert.equal((await storage.getSession(pair)).get('userId'), undefined, 'the record is gone');
      assert.deepEqual(await storage.listUserSessions('alice'), [], 'and the logged-out session is listed no more');
    });
  });
}
