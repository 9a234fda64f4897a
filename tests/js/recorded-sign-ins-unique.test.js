// Cookie sessions from before userKey (a user, no sign-in time) get each a sign-in record of their own, whose key is
// its stamp, so "sign out everywhere" counts them all. Regression (review): a step counter subtracted from the start
// gave two sessions one stamp when their starts moved in step with it: starts ahead of this clock (taken as now),
// committed 1 ms apart, or starts 1 ms apart read one after the other; one record overwrote the other.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signedCookieHeader } from './support.js';

for (const [label, offset, gap] of [['behind, starts 7 ms apart', -60_000, 7], ['behind, starts 1 ms apart', -60_000, 1], ['ahead', 60_000, 7]]) it(`two unlisted sessions of one user from a clock ${label} are recorded as two sign-ins`, async () => {
  const kv = mapKV();
  const secret = 's3cr3t';
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] }, userKey: 'userId', revocation: { kv } });
  const realNow = Date.now;
  const t = realNow();
  const ahead = t + offset; // written by an isolate a minute ahead (or a start in the past: the control)
  const stamps = [];
  try {
    for (let i = 0; i < 2; i++) {
      Date.now = () => t + i; // the two requests come 1 ms apart
      const header = signedCookieHeader('__session', JSON.stringify({ userId: 'ada', n: i, __es__: [ahead + i * gap, ahead + i * gap, 0] }), secret);
      const s = await storage.getSession(header);
      assert.equal(s.get('userId'), 'ada');
      s.set('x', i);
      const setCookie = await storage.commitSession(s);
      const again = await storage.getSession(setCookie.split(';')[0]);
      assert.equal(again.get('userId'), 'ada');
    }
  } finally {
    Date.now = realNow;
  }
  const keys = [...(await kv.list({})).keys].map((k) => k.name);
  const ended = await storage.revokeUserSessions('ada');
  assert.equal(ended, 2, `revokeUserSessions counted ${ended} of the 2 signed-in sessions (keys ${JSON.stringify(keys)})`);
});

// Regression (review): the free stamp was looked for among the recorded ones only, not those nextStamp gave to
// ordinary sign-ins: an unlisted session recorded in the millisecond of a sign-in of the same user (its start now,
// or ahead of the clock and so taken as now) got that sign-in's stamp, and one record overwrote the other.
for (const [label, offset] of [['starting now', 0], ['ahead of the clock', 60_000]]) it(`a sign-in, then an unlisted session ${label} in the same ms: two sign-ins recorded`, async () => {
  const kv = mapKV();
  const secret = 's3cr3t';
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret] }, userKey: 'userId', revocation: { kv } });
  const realNow = Date.now;
  const t = realNow() + 3_600_000; // past any stamp this process gave
  try {
    Date.now = () => t; // one millisecond (a Workers clock stands still between I/O)
    const fresh = await storage.getSession(null);
    fresh.set('userId', 'ada');
    await storage.commitSession(fresh); // stamped t
    const header = signedCookieHeader('__session', JSON.stringify({ userId: 'ada', __es__: [t + offset, t + offset, 0] }), secret);
    const old = await storage.getSession(header);
    assert.equal(old.get('userId'), 'ada');
    old.set('x', 1);
    await storage.commitSession(old);
  } finally {
    Date.now = realNow;
  }
  const keys = [...(await kv.list({})).keys].map((k) => k.name);
  const ended = await storage.revokeUserSessions('ada');
  assert.equal(ended, 2, `revokeUserSessions counted ${ended} of the 2 signed-in sessions (keys ${JSON.stringify(keys)})`);
});

// Regression (review): the stamps of ordinary sign-ins (any user's) pushed those recorded for such sessions out of
// memory: after 1000 sign-ins of others, a second session of ada from before userKey (no times: both begun "at the
// epoch") got the stamp the first was recorded under, and revocations counted one of the two.
it('two sessions of ada from before userKey, 1000 sign-ins of others between: both counted', async () => {
  const kv = mapKV();
  const cookie = { name: '__session', secrets: ['s3cr3t'] }; // no maxAge: no times
  const before = createCookieSessionStorage({ cookie });
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const writeOldCookieAgain = async () => {
    const s = await before.getSession(null);
    s.set('userId', 'ada');
    const read = await storage.getSession((await before.commitSession(s)).split(';')[0]);
    read.set('seen', true);
    await storage.commitSession(read); // records its sign-in
  };
  await writeOldCookieAgain();
  for (let i = 0; i < 1001; i++) {
    const s = await storage.getSession(null);
    s.set('userId', `user${i}`);
    await storage.commitSession(s);
  }
  await writeOldCookieAgain();
  assert.equal(await storage.revokeUserSessions('ada'), 2);
});

// Regression (review): sessions with no times (no maxAge before userKey: the common case) all begin "at the epoch",
// and their stamps were taken walking up through the last 1000 recorded: a cycle of 1001, so after 1000 others a
// second session of ada got the first one's stamp. They are now counted up, never reused.
it('two sessions of ada from before userKey, 1000 others from before userKey between (exactly): both counted', async () => {
  const kv = mapKV();
  const cookie = { name: '__session', secrets: ['s3cr3t'] }; // no maxAge: no times
  const before = createCookieSessionStorage({ cookie });
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const oldSession = async (user) => {
    const s = await before.getSession(null);
    s.set('userId', user);
    const read = await storage.getSession((await before.commitSession(s)).split(';')[0]);
    read.set('seen', true);
    await storage.commitSession(read); // records its sign-in
  };
  await oldSession('ada');
  for (let i = 0; i < 1000; i++) await oldSession(`user${i}`);
  await oldSession('ada');
  const keys = [...(await kv.list({ prefix: 'edge-session:sign-in:' })).keys].map((k) => k.name);
  assert.equal(await storage.revokeUserSessions('ada'), 2, `keys of ada: ${keys.filter((k) => k.endsWith(':1')).join(' ')}`);
});
