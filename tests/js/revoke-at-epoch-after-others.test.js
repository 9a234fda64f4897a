// A process of its own (the isolate's stamps start with it), under node:test's mock clock at ms 0. A session from before
// userKey with no times is "begun at the epoch" (signedInBy: 1 ms). Other users sign in first (stamped 1: per user,
// e35a6c6), then "sign out everywhere" for ada, whose old cookie this isolate had not read yet: her revocation is
// her first stamp, 1 ms, not after 1 ms, so the old cookie read after it is still signed in. With one count per
// isolate (122db31) the other users' stamps put the revocation at 2 ms or later, and it ended the old cookie (122db31
// fails too when the revocation is the isolate's first stamp: the tie by = at = 1 is older; per-user stamps make it
// the rule whenever the user was not stamped yet). Mock clocks only: a real clock is never at ms 0 or 1.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['epoch'] }; // no maxAge: sessions with no times
const pairOf = (setCookie) => setCookie.split(';')[0];

it('at ms 0, after other users\' sign-ins: ada\'s old cookie read after "sign out everywhere" is ended', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 0 });
  const before = createCookieSessionStorage({ cookie }); // the app before userKey
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
  const old = await before.getSession(null);
  old.set('userId', 'ada');
  const adaOld = pairOf(await before.commitSession(old));
  for (const user of ['bob', 'cid']) {
    const session = await storage.getSession(null);
    session.set('userId', user);
    await storage.commitSession(session);
  }
  await storage.revokeUserSessions('ada');
  assert.equal((await storage.getSession(adaOld)).get('userId'), undefined, 'ada\'s old cookie outlived "sign out everywhere"');
});
