// A process of its own (the isolate's stamps start with it): the clock steps back between a session's read and a
// revocation (NTP, or a test's mock clock). A session from before userKey with no times, read before "sign out
// everywhere" and committed after it, stays ended. Regression (review): the most its recorded sign-in could be was
// fixed at the read (the clock then), but the isolate's stamps were not moved there, so the revocation, stamped by
// the clock set back, came below it, and the session was recorded as signed in after the revocation.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['back'] }; // no maxAge: sessions with no times
const pairOf = (setCookie) => setCookie.split(';')[0];

it('the clock set back after the read: the session read before a revocation and committed after it is revoked', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1000 });
  const before = createCookieSessionStorage({ cookie }); // the app before userKey
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
  const oldCookie = async (user) => {
    const session = await before.getSession(null);
    session.set('userId', user);
    return pairOf(await before.commitSession(session));
  };
  for (const user of ['bob', 'cid']) { // two other such sessions written again: recorded at 1 and 2
    const session = await storage.getSession(await oldCookie(user));
    session.set('seen', true);
    await storage.commitSession(session);
  }
  const read = await storage.getSession(await oldCookie('ada'));
  assert.equal(read.get('userId'), 'ada');
  t.mock.timers.setTime(0); // the clock steps back
  await storage.revokeUserSessions('ada'); // "sign out everywhere", from another device, while this request runs
  read.set('n', 1);
  const written = pairOf(await storage.commitSession(read));
  assert.equal((await storage.getSession(written)).get('userId'), undefined, 'committed after "sign out everywhere", still signed in');
});
