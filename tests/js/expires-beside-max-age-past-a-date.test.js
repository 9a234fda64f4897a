// A commit's `expires` beside the cookie's own maxAge ends the session at the earlier of the two (README Session
// lifetime; lifetime.js earlierEnd), and a maxAge past what a Date holds (an invalid Date) is no end, so the session
// then ends at `expires`. The differential test of the rule uses maxAge 60. Mutation pass: with the invalid Date
// taken as an end, the later one, a session committed with `expires` in 10 s beside maxAge 1e13 was served forever.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
  it(`${make.name}: maxAge 1e13 s (past a Date) with a commit's expires in 10 s: served for 10 s, not after`, async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
    const storage = make({ cookie: { secrets: ['expires-beside-max-age'.padEnd(32, '!')], maxAge: 1e13 } });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const cookie = cookiePair(await storage.commitSession(session, { expires: new Date(Date.now() + 10_000) }));
    t.mock.timers.tick(9_999);
    assert.equal((await storage.getSession(cookie)).get('userId'), 'ada', 'before its expires');
    t.mock.timers.tick(1);
    assert.equal((await storage.getSession(cookie)).get('userId'), undefined, 'at its expires');
  });
}
