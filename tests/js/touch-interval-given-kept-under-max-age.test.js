// Under a cookie maxAge shorter than idleTimeout the default touchInterval is a quarter of the maxAge, but "a
// touchInterval given is kept" (lifetime.js lifetimeUnderMaxAge; README: it "must then be less than the maxAge"): the
// app chose how often a busy session is written. Mutation pass: a given touchInterval cut to a quarter of the maxAge
// passed the Node suites, and such a session was rewritten three times as often as asked.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
  it(`${make.name}: maxAge 60, idleTimeout 3600, touchInterval 40: due for renewal 40 s after a commit, not 15 s`, async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
    const storage = make({ cookie: { secrets: ['touch-interval-given'.padEnd(32, '!')], maxAge: 60 }, idleTimeout: 3600, touchInterval: 40 });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const cookie = cookiePair(await storage.commitSession(session));
    t.mock.timers.tick(39_999);
    assert.equal((await storage.getSession(cookie)).renewalDue, false, 'due before its touchInterval');
    t.mock.timers.tick(1);
    assert.equal((await storage.getSession(cookie)).renewalDue, true, 'not due at its touchInterval');
  });
}

it('with no touchInterval given, the same storage renews at a quarter of the maxAge', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
  const storage = createCookieSessionStorage({ cookie: { secrets: ['touch-interval-given'.padEnd(32, '!')], maxAge: 60 }, idleTimeout: 3600 });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const cookie = cookiePair(await storage.commitSession(session));
  t.mock.timers.tick(14_999);
  assert.equal((await storage.getSession(cookie)).renewalDue, false);
  t.mock.timers.tick(1);
  assert.equal((await storage.getSession(cookie)).renewalDue, true);
});
