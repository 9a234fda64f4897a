// Issue 11: "a burst of 20 requests inside one touchInterval produces at most one renewal write (count the KV puts)".
// Under Remix v3's session middleware, a server-side storage's save() renewed a due session on every request of a
// burst that read it before the first write: KV's per-key line (kv-keys.js) folded them into two puts, the first and
// the last, and deployed KV refuses a key's second write within a second (429), so the last was retried a second
// later and every request that stood down for it waited that second. withSession writes one (its rewrite window,
// js/rewrite-window.js); save() now claims the renewal the same way (js/id-storage.js).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createWorkersKVSessionStorage, withSession } from 'edge-session';
import { slowPutsKV } from './map-kv.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const options = { cookie: { secrets: ['a-secret-of-thirty-two-characters!!'] }, idleTimeout: 4 }; // touchInterval 1 s

async function burstPuts(kv, fetch) {
  const cookie = (await fetch(new Request('https://example.com/', { method: 'POST' }))).headers.getSetCookie()[0].split(';')[0];
  await sleep(1200); // renewal due
  const before = kv.puts;
  const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(new Request('https://example.com/', { headers: { Cookie: cookie } }))));
  for (const response of responses) assert.equal(await response.text(), 'ada');
  return kv.puts - before;
}

describe('a due renewal of a KV session, for a burst of 20 requests read together', () => {
  it('withSession (reference): one put', async () => {
    const kv = slowPutsKV(50);
    const handler = withSession(createWorkersKVSessionStorage({ ...options, kv }), (request, { session }) => {
      if (request.method === 'POST') session.set('user', 'ada');
      return new Response(String(session.get('user')));
    });
    assert.equal(await burstPuts(kv, (request) => handler(request, {}, {})), 1);
  });

  it("Remix v3's session middleware: one put too", async () => {
    const kv = slowPutsKV(50);
    const storage = createWorkersKVSessionStorage({ ...options, kv });
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: ['a-secret-of-thirty-two-characters!!'] }), storage)] });
    router.get('/', ({ get }) => new Response(String(get(Session).get('user'))));
    router.post('/', ({ get }) => {
      get(Session).set('user', 'ada');
      return new Response('ada');
    });
    assert.equal(await burstPuts(kv, (request) => router.fetch(request)), 1, 'renewal puts of one key within one burst');
  });
});
