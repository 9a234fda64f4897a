// Regression (review of the parking of sessions): with more than MAX_LIVE_SESSIONS requests in flight in one isolate, every withSession session is parked
// and restored at nearly every use (FIFO eviction of sessions that are in active use and would be freed at their
// request's end anyway): ~11 restores (snapshot + parse each) per request of 5 reads + 5 writes. Measured (Node 20,
// 40-key cookie): ~400-500 us CPU per request at N = 100..1000 vs ~110-200 us before the change; a 400 KiB
// server-side session costs ~3.8 ms per get() when 65 are in use, against ~2 us.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';

describe('many concurrent withSession requests', () => {
  it('does not park and restore the sessions of requests in flight at each use', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
    const seed = await storage.getSession(null);
    for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
    const header = (await storage.commitSession(seed)).split(';')[0];
    const core = await loadCore();
    let restores = 0;
    const restore = core.restoreSession;
    core.restoreSession = (snapshot) => (restores++, restore(snapshot));
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const handler = withSession(storage, async (request, { session }) => {
      for (let step = 0; step < 5; step++) {
        session.get(`key${step}`);
        await tick(); // the other requests run meanwhile
        session.set('counter', step);
        await tick();
      }
      return new Response('ok');
    });
    const N = 200;
    try {
      const responses = await Promise.all(Array.from({ length: N }, () => handler(new Request('https://example.com/', { headers: { Cookie: header } }))));
      assert.equal(responses.length, N);
    } finally {
      core.restoreSession = restore;
    }
    assert.ok(restores / N < 1, `${(restores / N).toFixed(2)} restores per request`);
  });
});
