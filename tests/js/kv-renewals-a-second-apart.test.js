// Workers KV takes one write of a key per second (deployed KV refuses a second one within it), so a busy KV session's
// renewals are a second apart, even where its touchInterval is shorter (README Session lifetime: the window is "at
// least a second on Workers KV ... but with idleTimeout: 1"), and the session still lives on: with idleTimeout 2 or
// 3 a second leaves the renewals room before its end (lifetime.js rewriteWindowOf). The neighbouring test of the
// floor (lifetime.test.js) uses touchInterval 1 s, where the renewals are a second apart anyway: dropping KV's floor
// passed the Node suites, and such a session was rewritten every 600 ms.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkersKVSessionStorage, withSession } from 'edge-session';

const secrets = ['kv-renewals-a-second-apart'];

describe('Workers KV: a session read every 300 ms under a touchInterval under a second', () => {
  for (const idleTimeout of [2, 3]) {
    it(`idleTimeout ${idleTimeout} (touchInterval ${idleTimeout * 250} ms): renewed, its key written a second apart at least, and it lives on`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
      const entries = new Map();
      const puts = new Map(); // key -> Date.now() of each put
      const kv = {
        get: async (key) => entries.get(key) ?? null,
        async put(key, value) {
          entries.set(key, value);
          puts.set(key, [...(puts.get(key) ?? []), Date.now()]);
        },
        delete: async (key) => void entries.delete(key),
      };
      const handler = withSession(createWorkersKVSessionStorage({ cookie: { secrets }, kv, idleTimeout }), async (request, { session }) => {
        if (request.method === 'POST') session.set('userId', 'ada');
        return new Response(String(session.get('userId') ?? 'nobody'));
      });
      let cookie = (await handler(new Request('https://example.com/', { method: 'POST' }), {}, {})).headers.getSetCookie()[0].split(';')[0];
      for (let at = 300; at <= 6000; at += 300) {
        t.mock.timers.tick(300);
        const response = await handler(new Request('https://example.com/', { headers: { Cookie: cookie } }), {}, {});
        assert.equal(await response.text(), 'ada', `at +${at} ms`);
        const [renewed] = response.headers.getSetCookie();
        if (renewed) cookie = renewed.split(';')[0];
      }
      assert.equal(puts.size, 1, 'one key');
      const [times] = puts.values();
      assert.ok(times.length >= 4, `renewed: puts at ${times}`);
      for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 1000, `puts at ${times}`);
    });
  }
});
