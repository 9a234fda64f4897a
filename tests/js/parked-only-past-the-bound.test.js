// README (Session's memory; Limits): "past 256 sessions per isolate holding WebAssembly memory, the oldest not used
// since the previous such look are parked". The bound counts the sessions that hold memory now: neither one fewer,
// nor the sessions committed or disposed since (their memory is freed). Regressions (mutation pass): a look at 256,
// a bound of 257, and freed sessions left in the list parking looks for, were each noticed by no test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { loadCore } from '../../js/loader.js';
import { restoresDuring } from './restores-during.js';

const BOUND = 256; // README's figure, not the constant: a test of the constant against itself cannot fail

/**
 * `kept` sessions the app holds by hand, never used again, while 600 request cycles (read, change, commit) run by
 * their side, one at a time; then every kept one is read. The number of restores those reads needed: 0 when none
 * was parked.
 */
async function restoresOfKept(kept) {
  const core = await loadCore();
  assert.equal(core.liveSessionCount(), 0, 'no session of an earlier test holds memory');
  const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
  const sessions = [];
  for (let i = 0; i < kept; i++) sessions.push(await createSession({ n: i }));
  for (let cycle = 0; cycle < 600; cycle++) {
    const session = await storage.getSession(null);
    session.set('cycle', cycle);
    await storage.commitSession(session); // freed: it holds no memory once committed
  }
  const restores = await restoresDuring(() => {
    for (const [i, session] of sessions.entries()) assert.equal(session.get('n'), i);
  });
  for (const session of sessions) session.dispose();
  return restores;
}

describe('parking starts past 256 sessions holding memory', () => {
  it('the bound is README\'s', () => assert.equal(MAX_LIVE_SESSIONS, BOUND));

  it('255 kept and one request at a time (256 holding memory at most): none is ever parked', async () => {
    assert.equal(await restoresOfKept(BOUND - 1), 0);
  });

  it('256 kept and one request at a time (257 holding memory): the kept ones unused since a look are parked', async () => {
    assert.ok((await restoresOfKept(BOUND)) > 0, 'parked, and restored by their read');
  });

  it('10 kept while 600 others are committed: the committed hold no memory, and none of the kept is parked', async () => {
    assert.equal(await restoresOfKept(10), 0);
  });
});
