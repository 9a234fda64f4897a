// Workers KV takes one write per second per key (README, Limits; a delete is a write): a second write of a key
// within a second is refused (429) and tried again a second later. A regenerateId(true) committed, then a logout in
// the same request (a sign-in's rotation followed by "log out" in one action), deletes the ID the move left once:
// the logout knows the move deleted it. Mutation pass (s46): the move's delete kept among the IDs the logout ends
// went unnoticed; the logout deleted that key again within the second.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['a-secret-of-at-least-32-characters!'] };

it('KV: a logout after a committed regenerateId(true) deletes each session key once', async () => {
  const kv = mapKV();
  const deletes = [];
  const remove = kv.delete;
  kv.delete = async function (key) {
    deletes.push(key);
    return remove.call(this, key);
  };
  const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
  const device = await signIn(storage, 'ada');
  const session = await storage.getSession(device);
  session.regenerateId(true);
  await storage.commitSession(session);
  assert.match(await storage.destroySession(session), /Max-Age=0/);
  assert.deepEqual(deletes.filter((key, at) => deletes.indexOf(key) !== at), [], 'no key deleted twice');
  assert.equal((await storage.getSession(device)).get('userId'), undefined);
});
