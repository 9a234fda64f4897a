// Under node:test's mock clock at 0 (a process of its own: the isolate's stamps start there), a session from before
// userKey read before "sign out everywhere" and committed after it is recorded as signed in before the revocation,
// so it stays ended. Regression (review): its recorded sign-in walked up past the stamps nextStamp gave (an
// ordinary sign-in's at 1, the revocation's at 2) and was stamped 3, after the revocation: signed in for good.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signedCookieHeader } from './support.js';

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

// Regression (review): a start ahead of the clock was clamped to the clock at the commit, not the read, so a session
// read before a revocation and committed after it was recorded as signed in after it (the control: a start behind).
for (const ahead of [-60_000, 50, 60_000]) it(`start ${ahead} ms ahead: read before a revocation, committed after it, stays revoked`, async () => {
  const kv = mapKV();
  const secret = 's3cr3t';
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret], maxAge: 3600 }, userKey: 'userId', revocation: { kv } });
  const realNow = Date.now;
  const t = realNow() + 7_200_000; // past any stamp this process gave
  try {
    Date.now = () => t;
    const header = signedCookieHeader('__session', JSON.stringify({ userId: 'ada', __es__: [t + ahead, t + ahead, 0] }), secret);
    const read = await storage.getSession(header);
    assert.equal(read.get('userId'), 'ada');
    Date.now = () => t + 2;
    await storage.revokeUserSessions('ada'); // stamped t + 2
    Date.now = () => t + 10; // the handler goes on after its I/O
    read.set('n', 1);
    const written = (await storage.commitSession(read)).split(';')[0];
    Date.now = () => t + 20;
    assert.equal((await storage.getSession(written)).get('userId'), undefined, 'committed after "sign out everywhere", still signed in');
  } finally {
    Date.now = realNow;
  }
});
