// Hono's app.mount(): the sub-app's own middleware uses the session the outer mount opened when both run for one
// request (its ExecutionContext, and the same Cookie header). Inside workerd, on Durable Objects, the copy it
// opened before waited for the outer mount's lease (tests/workerd/frameworks.test.js). An ExecutionContext an app
// reuses across requests must never carry one visitor's session into another's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createMemorySessionStorage } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

function mountedApp() {
  const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s'] } });
  const inner = new Hono();
  inner.use(sessionMiddleware(storage));
  inner.post('/set', async (c) => {
    c.var.session.set('user', new URL(c.req.url).searchParams.get('user'));
    return c.json({ user: c.var.session.get('user') });
  });
  inner.get('/who', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // overlaps the other visitor's request
    return c.json({ user: c.var.session.get('user') ?? null });
  });
  const app = new Hono();
  app.use(sessionMiddleware(storage));
  app.mount('/inner', inner.fetch);
  return app;
}

const cookieOf = (response) => response.headers.getSetCookie().find((c) => c.startsWith('__session='))?.split(';')[0];

describe('Hono app.mount() with a sub-app of its own sessionMiddleware', () => {
  it('the mount changes the session the outer mount commits: one Set-Cookie, the change kept', async () => {
    const app = mountedApp();
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    const set = await app.fetch(new Request('http://x/inner/set?user=ada', { method: 'POST' }), {}, ctx);
    assert.equal(set.headers.getSetCookie().filter((c) => c.startsWith('__session=')).length, 1);
    const who = await app.fetch(new Request('http://x/inner/who', { headers: { Cookie: cookieOf(set) } }), {}, ctx);
    assert.deepEqual(await who.json(), { user: 'ada' });
  });

  it('one ExecutionContext object reused for two visitors at once: each gets their own session', async () => {
    const app = mountedApp();
    const shared = { waitUntil() {}, passThroughOnException() {} };
    const signIn = async (user) => cookieOf(await app.fetch(new Request(`http://x/inner/set?user=${user}`, { method: 'POST' }), {}, shared));
    const [ada, bob] = [await signIn('ada'), await signIn('bob')];
    const ask = (cookie) => app.fetch(new Request('http://x/inner/who', { headers: cookie ? { Cookie: cookie } : {} }), {}, shared);
    const answers = await Promise.all([ask(ada), ask(bob), ask(undefined)].map(async (response) => (await response).json()));
    assert.deepEqual(answers, [{ user: 'ada' }, { user: 'bob' }, { user: null }]);
  });
});
