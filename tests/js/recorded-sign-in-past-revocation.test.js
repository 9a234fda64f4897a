// Under node:test's mock clock at 0 (a process of its own: the isolate's stamps start there), a session from before
// userKey read before "sign out everywhere" and committed after it is recorded as signed in before the revocation,
// so it stays ended. Regression (review): its recorded sign-in walked up past the stamps nextStamp gave (an
// ordinary sign-in's at 1, the revocation's at 2) and was stamped 3, after the revocation: signed in for good.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['epoch'], maxAge: 3600 };
const pairOf = (setCookie) => setCookie.split(';')[0];

it('a session from before userKey, read before a revocation and committed after it, is revoked (clock at 0)', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 0 });
  const kv = mapKV();
  const before = createCookieSessionStorage({ cookie }); // the app before userKey
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const other = await storage.getSession(null);
  other.set('userId', 'ada');
  await storage.commitSession(other); // an ordinary sign-in on another device: stamp 1
  const s = await before.getSession(null);
  s.set('userId', 'ada');
  const old = pairOf(await before.commitSession(s)); // begun at 0
  const read = await storage.getSession(old);
  assert.equal(read.get('userId'), 'ada');
  await storage.revokeUserSessions('ada'); // stamp 2
  read.set('n', 1);
  const written = pairOf(await storage.commitSession(read));
  assert.equal((await storage.getSession(written)).get('userId'), undefined, 'committed after "sign out everywhere", still signed in');
});
