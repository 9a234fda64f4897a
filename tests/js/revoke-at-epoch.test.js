// Under node:test's mock clock, which starts at ms 0: sessions from before userKey (a user, no sign-in time) begun
// at ms 0, then written through a storage with userKey, end with "sign out everywhere" as they do at any other time.
// Regression (review): the cookie storage recorded their sign-ins up to 999 ms ahead of the clock, and the
// revocation, stamped at 1 ms, left all of them signed in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['epoch'], maxAge: 3600 };
const pairOf = (setCookie) => setCookie.split(';')[0];

const STORES = {
  'cookie with revocation': (kv) => [createCookieSessionStorage({ cookie }), createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } })],
  kv: (kv) => [createWorkersKVSessionStorage({ cookie, kv }), createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' })],
};

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: sessions from before userKey, begun at the epoch`, () => {
    for (const start of [0, 1_700_000_000_000]) {
      it(`end with "sign out everywhere" (clock from ${start})`, async (t) => {
        t.mock.timers.enable({ apis: ['Date'], now: start });
        const [before, storage] = make(mapKV());
        const headers = [];
        for (let i = 0; i < 20; i++) {
          const session = await before.getSession(null);
          session.set('userId', 'ada');
          const old = pairOf(await before.commitSession(session));
          const read = await storage.getSession(old); // the app now has userKey
          read.set('n', i);
          headers.push(pairOf(await storage.commitSession(read)));
        }
        await storage.revokeUserSessions('ada');
        const survivors = [];
        for (const [i, header] of headers.entries()) if ((await storage.getSession(header)).get('userId') === 'ada') survivors.push(i);
        assert.deepEqual(survivors, [], 'sessions that outlived "sign out everywhere"');
      });
    }
  });
}
