// Node 20.3 to 20.15 (package.json engines: >=20.3) have AsyncLocalStorage but no process.getBuiltinModule: the Node
// entry hands js/joined-sessions.js node:async_hooks' AsyncLocalStorage itself. Simulated by removing
// getBuiltinModule before edge-session loads (node --test runs this file in a process of its own). Regression
// (adversarial pass): found through getBuiltinModule only, a ctx reused across requests joined them again there
// (89cf9ba's defect: one request's logout ended the session another was using).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsyncLocalStorage } from 'node:async_hooks';

delete process.getBuiltinModule; // as on Node 20.3 .. 20.15
const { createMemorySessionStorage, withSession } = await import('edge-session');
const { sessionMiddleware } = await import('edge-session/hono');
const { Hono } = await import('hono');

const cookieOptions = { name: '__session', secrets: ['joined-node-20-3-secret-0123456789'] };
const sessionCookies = (r) => r.headers.getSetCookie().filter((c) => c.startsWith('__session='));
const cookieOf = (r) => sessionCookies(r)[0]?.split(';')[0];
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const newCtx = () => ({ waitUntil() {}, passThroughOnException() {} });
const post = (path, cookie) => new Request(`https://app.test${path}`, { method: 'POST', headers: cookie ? { Cookie: cookie } : {} });

describe('Node with AsyncLocalStorage but no process.getBuiltinModule (engines allow 20.3..20.15)', () => {
  it('AsyncLocalStorage is there', () => assert.equal(typeof AsyncLocalStorage, 'function'));

  it("Hono: a visitor's overlapping requests over one reused ctx are each their own, none fails", async () => {
    const storage = createMemorySessionStorage({ cookie: cookieOptions });
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.post('/add/:key', async (c) => {
      await pause(Number(c.req.query('wait') ?? 0));
      c.var.session.set(c.req.param('key'), true);
      return c.text('ok');
    });
    const shared = newCtx();
    const cookie = cookieOf(await app.fetch(post('/add/a'), {}, shared));
    const slow = app.fetch(post('/add/b?wait=10', cookie), {}, shared);
    await pause(3);
    const later = await app.fetch(post('/add/c?wait=40', cookie), {}, shared);
    assert.equal((await slow).status, 200);
    assert.equal(later.status, 200, await later.text());
    const s = await storage.getSession(cookie);
    assert.equal(s.get('c'), true, 'the later request kept its change');
  });

  it("withSession: one request's logout does not end the session another request of the visitor is using", async () => {
    const storage = createMemorySessionStorage({ cookie: cookieOptions });
    const app = withSession(storage, async (request, { session }) => {
      if (new URL(request.url).pathname === '/logout') session.destroy();
      else {
        await pause(30);
        session.set('seen', true);
      }
      return new Response('ok');
    });
    const shared = newCtx();
    const cookie = cookieOf(await app(post('/start'), {}, shared));
    const slow = app(post('/slow', cookie), {}, shared);
    await pause(3);
    assert.equal((await app(post('/logout', cookie), {}, shared)).status, 200);
    const slowRes = await slow;
    assert.equal(slowRes.status, 200, await slowRes.text());
  });
});
