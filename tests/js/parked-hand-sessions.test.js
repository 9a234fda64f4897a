// Regression (second review of the parking of sessions): past MAX_LIVE_SESSIONS sessions held by hand at once (React Router's getSession/commitSession in
// loaders and actions, without middleware; Remix v3's read/save), parking evicts FIFO the sessions that are in
// active use: each is parked after its first await and restored at nearly every use. Measured (Node 20, 40-key
// cookie, 5 reads + 5 writes + commit per request): N = 300: 9.2 restores per request, ~280 us CPU per request vs
// ~52 us at 6f84153 (5.3x), wall 1.6 s vs 0.25 s; N = 600: 9.7 restores, 170 vs 43 us. At N = 250 none.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { loadCore } from '../../js/loader.js';

describe('many concurrent requests handling their session by hand', () => {
  it('does not park and restore the sessions in active use at each use', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
    const seed = await storage.getSession(null);
    for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
    const header = (await storage.commitSession(seed)).split(';')[0];
    const core = await loadCore();
    let restores = 0;
    const restore = core.restoreSession;
    core.restoreSession = (snapshot) => (restores++, restore(snapshot));
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    async function request() {
      const session = await storage.getSession(header);
      for (let step = 0; step < 5; step++) {
        session.get(`key${step}`);
        await tick(); // a database call: the other requests run meanwhile
        session.set('counter', step);
        await tick();
      }
      return storage.commitSession(session);
    }
    const N = 300;
    try {
      await Promise.all(Array.from({ length: N }, request));
    } finally {
      core.restoreSession = restore;
    }
    assert.ok(restores / N < 1, `${(restores / N).toFixed(2)} restores per request`);
  });
});
