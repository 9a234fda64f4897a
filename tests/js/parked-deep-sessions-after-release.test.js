// Regression (third review of the parking of sessions): sessions holding a value nested 63 levels (accepted by every read: a cookie React Router wrote, a stored
// record, or a record written as such) have a snapshot one level deeper, which the core's restore refuses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSessionStorage, withSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { loadCore } from '../../js/loader.js';
import { signedCookieHeader } from './support.js';

function nested(depth) {
  let value = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
const secrets = ['s3cr3t'];

describe('review H: deep values', () => {
  it('a cookie session with a 63-deep value, read by the app and kept (an LRU of 1000), holds WASM memory for every one: no bound', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets } });
    const header = signedCookieHeader('__session', JSON.stringify({ user: 'ada', deep: nested(63) }), secrets[0]);
    const core = await loadCore();
    const base = core.liveSessionCount();
    const lru = [];
    for (let i = 0; i < 1000; i++) {
      const s = await storage.getSession(header);
      assert.equal(s.get('user'), 'ada');
      lru.push(s);
    }
    await new Promise((r) => setTimeout(r, 10));
    const live = core.liveSessionCount() - base;
    assert.ok(live <= MAX_LIVE_SESSIONS + 64, `${live} sessions hold WASM memory (bound ${MAX_LIVE_SESSIONS})`);
  });

  it('a stored session with a 63-deep value reads back after its commit (as it reads before)', async () => {
    // A record another program wrote (createSession takes values of at most 60 levels, as set() does).
    const records = new Map([['deep-1', { user: 'ada', deep: nested(63) }]]);
    const storage = createSessionStorage({
      cookie: { name: '__sid', secrets },
      createData: async (data) => (records.set('new-1', data), 'new-1'),
      readData: async (id) => records.get(id) ?? null,
      updateData: async (id, data) => void records.set(id, data),
      deleteData: async (id) => void records.delete(id),
    });
    const session = await storage.getSession(signedCookieHeader('__sid', JSON.stringify('deep-1'), secrets[0]));
    assert.equal(session.get('user'), 'ada', 'read from the store');
    session.set('n', 1);
    await storage.commitSession(session);
    assert.equal(session.get('user'), 'ada', 'read after its commit'); // INVALID_VALUE
  });

  it('withSession: a cookie session with a 63-deep value reads after the request (a streamed body)', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets } });
    const header = signedCookieHeader('__session', JSON.stringify({ user: 'ada', deep: nested(63) }), secrets[0]);
    let kept;
    const handler = withSession(storage, async (request, { session }) => {
      kept = session;
      return new Response(session.get('user'));
    });
    const response = await handler(new Request('https://x/', { headers: { Cookie: header } }));
    assert.equal(await response.text(), 'ada');
    assert.equal(kept.get('user'), 'ada', 'read after the request'); // INVALID_VALUE
  });
});
