// A long-lived session used once every few looks keeps its state across repeated park/restore.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { recordSignIn, sessionTimes, needsResign } from '../../js/internal.js';
import { loadCore } from '../../js/loader.js';

async function churn() {
  const f = [];
  for (let i = 0; i < 2 * MAX_LIVE_SESSIONS; i++) f.push(await createSession({ i }));
  for (const s of f) s.dispose();
}

describe('review H: state across repeated parking', () => {
  it('retired secret, flash, dirty, sign-in survive 5 park/restore rounds', async () => {
    const old = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['old'] } });
    const seed = await old.getSession(null);
    seed.set('u', 1); seed.flash('note', 'hi');
    const header = (await old.commitSession(seed)).split(';')[0];
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['new', 'old'] } });
    const s = await storage.getSession(header);
    const fresh = await createSession({});
    fresh[recordSignIn](1234567);
    const core = await loadCore();
    for (let round = 0; round < 5; round++) {
      const base = core.liveSessionCount();
      await churn();
      assert.ok(core.liveSessionCount() < base, 'parked');
      assert.equal(s.renewalDue, true, `round ${round}: renewalDue`);
      assert.equal(s.get('note'), 'hi');
      assert.equal(s.dirty, true);
      assert.equal(fresh[sessionTimes]().signedIn, 1234567, `round ${round}: signedIn`);
    }
    assert.equal(s[needsResign], true);
    const again = await storage.getSession((await storage.commitSession(s)).split(';')[0]);
    assert.equal(again.get('note'), undefined, 'flash consumed');
    assert.equal(again.get('u'), 1);
  });
});
