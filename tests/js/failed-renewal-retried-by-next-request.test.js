// README (Session lifetime): an active user's session is renewed (idleTimeout), and if the storage fails to save,
// the response is a clear 500, never a silently lost session. A renewal whose write failed gives back its claim on
// the burst's one renewal (rewrite-window.js forgetRewrite), so the very next request renews the session.
// Mutation pass (s45): the lifecycle keeping that claim after the failed write went unnoticed; the next requests
// within the window renewed nothing, as if the failed write stood for them.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const clock = handClock();

it('a KV renewal whose write failed (a 500) is made by the next request of the burst', async (t) => {
  const kv = mapKV();
  const put = kv.put.bind(kv);
  let failNext = false;
  kv.put = async (...args) => {
    if (failNext) {
      failNext = false;
      throw new Error('KV PUT failed: 503');
    }
    return put(...args);
  };
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, idleTimeout: 60, kv });
  const fetch = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname === '/login') session.set('user', 'ada');
    return Response.json({ user: session.get('user') ?? null });
  });
  const jar = new BrowserJar();
  jar.now = () => clock.now;
  await visit(jar, fetch, '/login', { method: 'POST' });
  clock.now += 20_000; // the renewal is due (after a quarter of idleTimeout)
  failNext = true;
  t.mock.method(console, 'error', () => {}); // the failed save's log
  assert.equal((await visit(jar, fetch, '/')).status, 500, 'the renewal failed');
  clock.now += 10; // the same burst
  const next = await visit(jar, fetch, '/');
  assert.equal(next.status, 200);
  assert.equal(next.headers.getSetCookie().length, 1, 'the next request renews the session');
});
