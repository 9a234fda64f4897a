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

  // Regression (mutation pass): a mount that opened a copy instead of joining passed every Node test, since the
  // outer mount writes nothing over the copy's write when it has no change of its own; with one it is the outer's.
  it("keeps both the outer mount's change and the sub-app's, made on the one session the sub-app joined", async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s'] } });
    const inner = new Hono();
    inner.use(sessionMiddleware(storage));
    inner.post('/set', (c) => {
      c.var.session.set('inner', 'sub-app');
      return c.text('set');
    });
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.use('/inner/*', async (c, next) => {
      c.var.session.set('outer', 'outer mount');
      await next();
    });
    app.mount('/inner', inner.fetch);
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    const set = await app.fetch(new Request('http://x/inner/set', { method: 'POST' }), {}, ctx);
    assert.equal(set.headers.getSetCookie().filter((c) => c.startsWith('__session=')).length, 1);
    const session = await storage.getSession(cookieOf(set));
    assert.deepEqual([session.get('outer'), session.get('inner')], ['outer mount', 'sub-app']);
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

// A joined mount's refusal is noted on its 403 only (checkCsrf's `joined`): the outer mount's session is not the
// refused request's. Regression (mutation pass): the Hono mount passed no `joined`, and no test saw it; withSession's
// own case is in tests/js/joined-sessions.test.js.
describe("Hono: a joined sub-app's csrf refusal that the outer route answers past with a page of its own", () => {
  it("commits the outer route's change made before the refused call", async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['s'] } });
    const widget = new Hono();
    widget.use(sessionMiddleware(storage, { csrf: true }));
    widget.post('/widget', (c) => c.text('widget'));
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.get('/', (c) => c.text(csrfToken(c.var.session)));
    app.post('/page', async (c) => {
      c.var.session.set('visits', (c.var.session.get('visits') ?? 0) + 1);
      const answer = await widget.fetch(new Request('http://x/widget', c.req.raw), c.env, c.executionCtx);
      return c.text(`page; the widget answered ${answer.status}`);
    });
    const ctx = () => ({ waitUntil() {}, passThroughOnException() {} });
    const cookie = cookieOf(await app.fetch(new Request('http://x/'), {}, ctx()));
    const headers = { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' }; // no token: the widget refuses
    const posted = await app.fetch(new Request('http://x/page', { method: 'POST', headers }), {}, ctx());
    assert.equal(await posted.text(), 'page; the widget answered 403');
    const session = await storage.getSession(cookieOf(posted) ?? cookie);
    assert.equal(session.get('visits'), 1);
  });
});
