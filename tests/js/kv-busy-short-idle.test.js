// A busy Workers KV session lives on under the shortest idleTimeout. Regression (audit of issue 4, after the session
// times moved to milliseconds): the renewal window took KV's floor of a second between two writes of a key, which
// with idleTimeout 1 is the whole idle period, so a session read (not changed) every 300 ms was never renewed and
// ended 1 s after its sign-in. A renewal within KV's second is now made, its write retried (putWithRetries).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkersKVSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';

const secrets = ['kv-busy-short-idle'];

describe('Workers KV: a session read every 300 ms, never changed, lives on', () => {
  for (const idleTimeout of [1, 2, 3]) {
    it(`idleTimeout ${idleTimeout}`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: 1_800_000_000_000 });
      const kv = mapKV();
      const handler = withSession(
        () => createWorkersKVSessionStorage({ cookie: { secrets }, kv, idleTimeout }),
        async (request, { session }) => {
          if (request.method === 'POST') session.set('userId', 'ada');
          return new Response(String(session.get('userId') ?? 'nobody'));
        },
      );
      const env = {}; // one Worker's env: one storage, whose renewal window spans the requests
      const signIn = await handler(new Request('https://example.com/', { method: 'POST' }), env, {});
      let cookie = signIn.headers.getSetCookie()[0].split(';')[0];
      for (let at = 300; at <= 4800; at += 300) {
        t.mock.timers.tick(300);
        const response = await handler(new Request('https://example.com/', { headers: { Cookie: cookie } }), env, {});
        assert.equal(await response.text(), 'ada', `at +${at} ms`);
        const [renewed] = response.headers.getSetCookie();
        if (renewed) cookie = renewed.split(';')[0];
      }
    });
  }
});
