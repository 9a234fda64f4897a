// Under node:test's mock clock at 0, in a process of its own (nothing stamped before): a session from before userKey
// read before the isolate's first revocation and committed after it stays ended. Regression (review): its recorded
// sign-in shared its start's stamp, 1, which the revocation had taken (1 < 1 is false): signed in for good.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['epoch'], maxAge: 3600 };
const pairOf = (setCookie) => setCookie.split(';')[0];

it('a session from before userKey, read before the first revocation (clock at 0) and committed after it, is revoked', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 0 });
  const kv = mapKV();
  const before = createCookieSessionStorage({ cookie });
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const s = await before.getSession(null);
  s.set('userId', 'ada');
  const old = pairOf(await before.commitSession(s));
  const read = await storage.getSession(old);
  assert.equal(read.get('userId'), 'ada');
  await storage.revokeUserSessions('ada'); // stamp 1: the first nextStamp gave
  read.set('n', 1);
  const written = pairOf(await storage.commitSession(read));
  assert.equal((await storage.getSession(written)).get('userId'), undefined, 'committed after "sign out everywhere", still signed in');
});
