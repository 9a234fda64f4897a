// A ctx one dev server hands every request (wrangler's getPlatformProxy), reused by two overlapping requests of one
// visitor (or two first visits, no cookie): each nested call joins its own request's session, as with a fresh ctx
// per request. Regression (adversarial pass): joinSession took the first entry of that ctx, the other request's,
// refused it (not inside this handler), and the nested call opened a copy whose change was lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createMemorySessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const cookieOptions = { name: '__session', secrets: ['joined-reused-ctx-secret-0123456789'] };
const sessionCookies = (r) => r.headers.getSetCookie().filter((c) => c.startsWith('__session='));
const cookieOf = (r) => sessionCookies(r)[0]?.split(';')[0];
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const newCtx = () => ({ waitUntil() {}, passThroughOnException() {} });
const req = (path, cookie, method = 'POST') => new Request(`https://app.test${path}`, { method, headers: cookie ? { Cookie: cookie } : {} });

function nestedWithSession(storage) {
  const inner = withSession(storage, (request, { session }) => {
    session.set('inner-' + new URL(request.url).searchParams.get('tag'), true);
    return new Response('inner ok');
  });
  return withSession(storage, async (request, { session, env, ctx }) => {
    const url = new URL(request.url);
    if (request.method === 'GET') return Response.json(session.toJSON?.() ?? Object.fromEntries(Object.keys(session.data ?? {}).map((k) => [k, session.get(k)])));
    await pause(Number(url.searchParams.get('wait') ?? 0));
    session.set('outer-' + url.searchParams.get('tag'), true);
    const r = await inner(request, env, ctx);
    return new Response(await r.text());
  });
}

async function state(storage, cookie) {
  const s = await storage.getSession(cookie);
  const out = {};
  for (const k of ['outer-a', 'inner-a', 'outer-b', 'inner-b', 'outer-c', 'inner-c']) if (s.get(k) !== undefined) out[k] = s.get(k);
  return out;
}

for (const mode of ['fresh ctx per request', 'one ctx reused']) {
  describe(`withSession nested, same visitor, overlapping requests, ${mode}`, () => {
    it('both overlapping requests keep outer and inner changes of their own', async () => {
      const storage = createMemorySessionStorage({ cookie: cookieOptions });
      const app = nestedWithSession(storage);
      const shared = newCtx();
      const ctx = () => (mode === 'one ctx reused' ? shared : newCtx());
      const cookie = cookieOf(await app(req('/?tag=a'), {}, ctx()));
      assert.ok(cookie);
      // request b is slow; c starts while b is in flight, same cookie. Memory storage: last write wins,
      // so look at c (the last to commit) alone.
      const b = app(req('/?tag=b&wait=50', cookie), {}, ctx());
      await pause(5);
      const c = await app(req('/?tag=c&wait=0', cookie), {}, ctx());
      assert.equal(c.status, 200);
      assert.equal(sessionCookies(c).length, 1, 'c: one Set-Cookie');
      const cState = await state(storage, cookie);
      assert.equal(cState['inner-c'], true, `c's inner change kept: ${JSON.stringify(cState)}`);
      assert.equal(cState['outer-c'], true);
      const bRes = await b;
      assert.equal(bRes.status, 200);
      const bState = await state(storage, cookie);
      assert.equal(bState['inner-b'], true, `b's inner change kept: ${JSON.stringify(bState)}`);
      assert.equal(bState['outer-b'], true);
    });
  });

  describe(`withSession nested, two first-time visitors (no cookie) overlapping, ${mode}`, () => {
    it("the later visitor's inner change is in its own session", async () => {
      const storage = createMemorySessionStorage({ cookie: cookieOptions });
      const app = nestedWithSession(storage);
      const shared = newCtx();
      const ctx = () => (mode === 'one ctx reused' ? shared : newCtx());
      const b = app(req('/?tag=b&wait=50'), {}, ctx());
      await pause(5);
      const c = await app(req('/?tag=c&wait=0'), {}, ctx());
      assert.equal(c.status, 200);
      const cSet = sessionCookies(c);
      assert.equal(cSet.length, 1, `c: one Set-Cookie, got ${JSON.stringify(cSet)}`);
      const cState = await state(storage, cookieOf(c));
      assert.deepEqual(cState, { 'outer-c': true, 'inner-c': true });
      const bRes = await b;
      const bState = await state(storage, cookieOf(bRes));
      assert.deepEqual(bState, { 'outer-b': true, 'inner-b': true });
    });
  });

  describe(`Hono app.mount(withSession) under reused/fresh ctx: ${mode}`, () => {
    it('the overlapping later request keeps both the mount and the outer change', async () => {
      const storage = createMemorySessionStorage({ cookie: cookieOptions });
      const inner = withSession(storage, (request, { session }) => {
        session.set('inner-' + new URL(request.url).searchParams.get('tag'), true);
        return new Response('inner ok');
      });
      const app = new Hono();
      app.use(sessionMiddleware(storage));
      app.use(async (c, next) => {
        await pause(Number(c.req.query('wait') ?? 0));
        c.var.session.set('outer-' + c.req.query('tag'), true);
        await next();
      });
      app.mount('/m', inner);
      const shared = newCtx();
      const ctx = () => (mode === 'one ctx reused' ? shared : newCtx());
      const first = await app.fetch(req('/m/x?tag=a'), {}, ctx());
      const cookie = cookieOf(first);
      assert.ok(cookie);
      const b = app.fetch(req('/m/x?tag=b&wait=50', cookie), {}, ctx());
      await pause(5);
      const c = await app.fetch(req('/m/x?tag=c', cookie), {}, ctx());
      assert.equal(c.status, 200);
      assert.equal(sessionCookies(c).length, 1, `one Set-Cookie: ${sessionCookies(c)}`);
      const cState = await state(storage, cookie);
      assert.equal(cState['inner-c'], true, `c's mount change kept: ${JSON.stringify(cState)}`);
      assert.equal(cState['outer-c'], true, `c's outer change kept: ${JSON.stringify(cState)}`);
      await b;
    });
  });
}
