// A storage cookie's maxAge under idleTimeout paces the renewals (a quarter of it: lifetime.js lifetimeUnderMaxAge),
// but a maxAge of 0 or less (a cookie deleted at once) is no span to pace anything by: the pace stays a quarter of
// idleTimeout. A session such a storage commits with a maxAge of its own (commitSession's options) is then not
// rewritten at every read. Mutation pass: without the check, its touchInterval was 0 or less and a session read
// right after its commit was due for renewal, so each request wrote it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
  for (const maxAge of [0, -1]) {
    it(`${make.name}, cookie maxAge ${maxAge}, idleTimeout 60: a session committed with maxAge 3600 is not due for renewal when read right away`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
      const storage = make({ cookie: { secrets: ['max-age-not-positive'.padEnd(32, '!')], maxAge }, idleTimeout: 60 });
      const session = await storage.getSession(null);
      session.set('userId', 'ada');
      const cookie = cookiePair(await storage.commitSession(session, { maxAge: 3600 }));
      t.mock.timers.tick(1000);
      const read = await storage.getSession(cookie);
      assert.equal(read.get('userId'), 'ada');
      assert.equal(read.renewalDue, false, 'due a second after its commit');
      t.mock.timers.tick(15_000); // a quarter of idleTimeout since the commit
      assert.equal((await storage.getSession(cookie)).renewalDue, true);
    });
  }
}
