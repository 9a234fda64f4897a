// Regression (review of the parking of sessions): cookie-storage.js commitIn takes the session's pointer (session[sessionHandle]()) and only then runs
// optionsJson(options) — the app's own code (an options getter, a toJSON) — before core.commit uses the pointer.
// If that code reads another, parked session, its restore parks the oldest live one: the session being committed.
// The core then commits (and deletes) a WasmSession that parking already freed: a use-after-free and double free.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { loadCore } from '../../js/loader.js';

describe('commit options that read another session', () => {
  it('commits the right session, frees it once, and leaves the core consistent', async () => {
    const core = await loadCore();
    const base = core.liveSessionCount();
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
    const other = await createSession({ theme: 'dark' }); // the oldest: parked first
    const victim = await storage.getSession(null);
    victim.set('user', 'ada');
    const fillers = [];
    // `other` is parked, `victim` is now the oldest of MAX_LIVE_SESSIONS live ones.
    for (let i = 0; i < MAX_LIVE_SESSIONS - 1; i++) fillers.push(await createSession({ filler: i }));
    const options = {
      get path() {
        assert.equal(other.get('theme'), 'dark'); // the app's code reading another session
        return '/';
      },
    };
    const setCookie = await storage.commitSession(victim, options);
    const next = await storage.getSession(setCookie.split(';')[0]);
    // Fails: the Set-Cookie holds "{}" (the freed WasmSession's memory), not the victim's data.
    assert.equal(next.get('user'), 'ada', `the Set-Cookie carries the committed session: ${setCookie}`);
    next.dispose();
    assert.equal(victim.dirty, false, 'clean after its commit');
    for (const s of [other, victim, ...fillers]) s.dispose();
    assert.equal(core.liveSessionCount(), base, 'each WasmSession deleted exactly once (fails: -1, a double delete)');
  });
});
