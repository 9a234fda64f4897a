// The rewrite window's promise (js/rewrite-window.js claimRewrite, README Logout): a renewal is never made over a
// write of the session that ended after this request read it. withSession notes a stored session's write twice:
// claimed before it starts, and again once it is written (request-lifecycle.js sessionWrite, rememberWrite), so a
// slow page that read the record while that write was in flight (KV: the old value) does not renew over it.
// Remix v3's save() on the server-side storages (js/id-storage.js save, 09a5c1e) notes it only before the write:
// a page that read the session while a change's KV put was in flight, slower than the window, put the old data back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createWorkersKVSessionStorage, withSession } from 'edge-session';
import { slowPutsKV } from './map-kv.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const SECRET = 'a-secret-of-thirty-two-characters!!';
const options = { cookie: { secrets: [SECRET] }, idleTimeout: 4 }; // touchInterval 1 s, window 1 s (KV's floor)

/**
 * Signs in as ada, waits for the renewal to be due, then sends a change to bob and, while its put is in flight, a
 * slow page (1.2 s, past the window) that read ada. Returns who the session holds after both.
 */
async function userAfterSlowPage(fetch, kv) {
  const signIn = await fetch(new Request('https://example.com/?user=ada', { method: 'POST' }));
  const cookie = signIn.headers.getSetCookie()[0].split(';')[0];
  await sleep(1200); // renewal due
  const putting = kv.nextPut();
  const change = fetch(new Request('https://example.com/?user=bob', { method: 'POST', headers: { Cookie: cookie } }));
  // The change's put is in flight. Not a fixed 40 ms: a loaded machine started the put later, and the slow page
  // then read bob. A few ms on, so the slow page reads in a later millisecond than the change's note before its put
  // (a read in that very millisecond is never renewed, whatever the note after the put).
  await putting;
  await sleep(5);
  const slow = fetch(new Request('https://example.com/?slow=1', { headers: { Cookie: cookie } }));
  assert.equal(await (await change).text(), 'bob');
  assert.equal(await (await slow).text(), 'ada', 'the slow page read the session before the change was written');
  return (await fetch(new Request('https://example.com/', { headers: { Cookie: cookie } }))).text();
}

describe('a slow page read while a change of its KV session was being written', () => {
  it('withSession (reference): its renewal does not put the old data back', async () => {
    const kv = slowPutsKV(100);
    const handler = withSession(createWorkersKVSessionStorage({ ...options, kv }), async (request, { session }) => {
      const url = new URL(request.url);
      if (request.method === 'POST') session.set('user', url.searchParams.get('user'));
      const user = String(session.get('user'));
      if (url.searchParams.has('slow')) await sleep(1200);
      return new Response(user);
    });
    assert.equal(await userAfterSlowPage((request) => handler(request, {}, {}), kv), 'bob');
  });

  it("Remix v3's session middleware: neither", async () => {
    const kv = slowPutsKV(100);
    const storage = createWorkersKVSessionStorage({ ...options, kv });
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: [SECRET] }), storage)] });
    router.get('/', async ({ get, url }) => {
      const user = String(get(Session).get('user'));
      if (url.searchParams.has('slow')) await sleep(1200);
      return new Response(user);
    });
    router.post('/', ({ get, url }) => {
      get(Session).set('user', url.searchParams.get('user'));
      return new Response(url.searchParams.get('user'));
    });
    assert.equal(await userAfterSlowPage((request) => router.fetch(request), kv), 'bob', 'the change to bob was lost to the slow page\'s renewal');
  });
});
