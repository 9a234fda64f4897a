// What listUserSessions and revokeUserSessions resolve to is what index.d.ts declares and README "Signing out
// everywhere" shows: entries of exactly { id, createdAt, lastSeenAt } (a string, then integer milliseconds), with
// `current: true` on the current session only, most recently seen first; a count that is a whole number on every
// server-side storage, and on a cookie storage's `revocation: { kv }` (null only with a KV stand-in that has no
// `list` or `delete`). What the index keeps beside them (sign-in times, expiries) stays inside.
// Mutation pass (s48 types pass): the user index's listing handing its whole entries out (signedIn, expiresAt...)
// went unnoticed; the tests read the fields they knew.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { serverSideStores } from './server-side-stores.js';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { secrets: ['user-sessions-answers-as-typed-0123456789'] };

/** Throws unless `entry` is a UserSessionInfo of index.d.ts, `current` as given. */
function assertInfo(entry, current, where) {
  const keys = current ? ['createdAt', 'current', 'id', 'lastSeenAt'] : ['createdAt', 'id', 'lastSeenAt'];
  assert.deepEqual(Object.keys(entry).sort(), keys, `${where}: ${JSON.stringify(entry)}`);
  assert.equal(typeof entry.id, 'string', where);
  assert.ok(Number.isSafeInteger(entry.createdAt) && entry.createdAt > 0, `${where}: createdAt ${entry.createdAt}`);
  assert.ok(Number.isSafeInteger(entry.lastSeenAt) && entry.lastSeenAt >= entry.createdAt, `${where}: lastSeenAt ${entry.lastSeenAt}`);
  if (current) assert.equal(entry.current, true, where);
}

for (const [store, make] of Object.entries(serverSideStores({ cookie, userKey: 'userId' }))) {
  it(`${store}: listUserSessions' entries and revokeUserSessions' count are as typed`, async (t) => {
    const storage = await make(t);
    await signIn(storage, 'ada');
    const phone = await signIn(storage, 'ada');
    const current = await storage.getSession(phone);
    const listed = await storage.listUserSessions('ada', { current });
    assert.equal(listed.length, 2);
    listed.forEach((entry) => assertInfo(entry, entry.id === current.id, store));
    assert.equal(listed.filter((entry) => entry.current).length, 1);
    assert.ok(listed[0].lastSeenAt >= listed[1].lastSeenAt, 'most recently seen first');
    for (const entry of await storage.listUserSessions('ada')) assertInfo(entry, false, `${store}, no current given`);
    const ended = await storage.revokeUserSessions('ada', { except: current });
    assert.equal(ended, 1, store);
    assert.equal(await storage.revokeUserSessions('nobody'), 0, store);
  });
}

it('a cookie storage: revokeUserSessions counts with a whole KV binding, and is null with a stand-in of get and put', async () => {
  for (const [kv, expected] of [[mapKV(), 1], [{ ...mapKV(), list: undefined, delete: undefined }, null]]) {
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
    const device = await signIn(storage, 'ada');
    assert.equal(await storage.revokeUserSessions('ada'), expected);
    assert.equal((await storage.getSession(device)).get('userId'), undefined, 'revoked');
  }
});
