// Hono's app.mount(): the sub-app's own middleware uses the session the outer mount opened when both run for one
// request (its ExecutionContext, and the same Cookie header). Inside workerd, on Durable Objects, the copy it
// opened before waited for the outer mount's lease (tests/workerd/frameworks.test.js). An ExecutionContext an app
// reuses across requests must never carry one visitor's session into another's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createMemorySessionStorage, csrfToken } from 'edge-session';
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

// The sub-app's csrf option holds on the session it joins: the outer mount, without csrf, checked nothing.
// Regression (mutation pass): only an app.mount() without an ExecutionContext (its own copy) was tested, and a
// joined mount that skipped the check passed every test.
describe('Hono app.mount() with a sub-app of its own sessionMiddleware with csrf, the outer mount without', () => {
  it('refuses a cross-site POST on the joined session with a 403, and its handler does not run', async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s'] } });
    let ran = 0;
    const admin = new Hono();
    admin.use(sessionMiddleware(storage, { csrf: true }));
    admin.get('/form', (c) => c.text(csrfToken(c.var.session)));
    admin.post('/note', (c) => c.text(`saved ${++ran}`));
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.mount('/admin', admin.fetch);
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    const form = await app.fetch(new Request('http://x/admin/form'), {}, ctx);
    const token = await form.text();
    const cookie = cookieOf(form);
    const post = (headers) => app.fetch(new Request('http://x/admin/note', { method: 'POST', headers: { Cookie: cookie, ...headers }, body: new URLSearchParams({ _csrf: token }) }), {}, ctx);
    const refused = await post({ Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(refused.status, 403);
    assert.equal(ran, 0);
    const accepted = await post({ Origin: 'http://x' }); // control: the same POST from the site itself
    assert.equal(await accepted.text(), 'saved 1');
  });
});
