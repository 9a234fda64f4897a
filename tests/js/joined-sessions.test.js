// One request's lifecycles of one storage share its session (js/joined-sessions.js): a withSession-wrapped fetch
// called from a withSession handler with its ctx joins the outer's session, which the outer commits once. An
// ExecutionContext reused across requests (wrangler's getPlatformProxy gives a dev server's every request one ctx)
// joins nothing: in Node, AsyncLocalStorage tells a nested call from another request. Inside workerd, on every
// storage: tests/workerd/nested-sessions.test.js.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createMemorySessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { reusedCtxCases } from '../helpers/reused-ctx-cases.js';

const cookieOptions = { name: '__session', secrets: ['joined-sessions-test-secret'] };
const sessionCookies = (response) => response.headers.getSetCookie().filter((c) => c.startsWith('__session='));
const cookieOf = (response) => sessionCookies(response)[0]?.split(';')[0];
const newCtx = () => ({ waitUntil() {}, passThroughOnException() {} });
const json = (value, init) => new Response(JSON.stringify(value), init);
const post = (path, cookie, headers = {}) => new Request(`https://app.test${path}`, { method: 'POST', headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });
const read = (app, cookie) => app(new Request('https://app.test/', { headers: cookie ? { Cookie: cookie } : {} }), {}, newCtx());

/**
 * An outer withSession that counts `outer` and hands POST /nested on to an inner one that counts `inner` (with
 * `throughOtherCookie`, through a withSession of another cookie between the two).
 */
function nestedApp({ innerOptions, outerFails = false, throughOtherCookie = false } = {}) {
  const storage = createMemorySessionStorage({ cookie: cookieOptions });
  const counting = withSession(storage, (request, { session }) => {
    session.set('inner', (session.get('inner') ?? 0) + 1);
    return json({ inner: session.get('inner') });
  }, innerOptions);
  const other = createMemorySessionStorage({ cookie: { name: '__other', secrets: ['joined-sessions-other-secret'] } });
  const inner = throughOtherCookie ? withSession(other, (request, { env, ctx }) => counting(request, env, ctx)) : counting;
  return withSession(storage, async (request, { session, env, ctx }) => {
    if (request.method === 'GET') return json({ outer: session.get('outer') ?? 0, inner: session.get('inner') ?? 0, token: csrfToken(session) });
    const response = await inner(request, env, ctx);
    if (outerFails) throw new Error('the outer handler failed after the inner fetch');
    if (response.status === 200) session.set('outer', (session.get('outer') ?? 0) + 1);
    return response;
  });
}

/** Two POST /nested through `app`, the second with the first's cookie: one Set-Cookie each, both counts at 2. */
async function assertJoinedTwice(app) {
  const first = await app(post('/nested'), {}, newCtx());
  assert.equal(sessionCookies(first).length, 1);
  const second = await app(post('/nested', cookieOf(first)), {}, newCtx());
  assert.equal(sessionCookies(second).length, 1);
  const state = await (await read(app, cookieOf(second))).json();
  assert.deepEqual([state.outer, state.inner], [2, 2]);
}

describe('a withSession fetch called from a withSession handler with its ctx', () => {
  // The handler that opened the session may be an outer frame: a lifecycle of another cookie runs between the two.
  // Mutation pass (s47): only the innermost handler looked at (frame.outer never followed) went unnoticed; the inner
  // lifecycle opened a copy, and the outer's commit wrote over the inner's change.
  it('joins the outer session through a lifecycle of another cookie between the two', async () => {
    await assertJoinedTwice(nestedApp({ throughOtherCookie: true }));
  });

  it('joins the outer session: one Set-Cookie, both changes kept', async () => {
    await assertJoinedTwice(nestedApp());
  });

  it("an inner csrf refusal is the answer, and the outer commits nothing", async () => {
    const app = nestedApp({ innerOptions: { csrf: true } });
    const signedIn = await app(post('/nested'), {}, newCtx()); // no cookie yet: refused as well
    assert.equal(signedIn.status, 403);
    assert.deepEqual(sessionCookies(signedIn), []);
    const page = await read(app);
    const cookie = cookieOf(page);
    const { token } = await page.json();
    const forged = await app(post('/nested', cookie, { 'Sec-Fetch-Site': 'same-origin' }), {}, newCtx());
    assert.equal(forged.status, 403);
    assert.deepEqual(sessionCookies(forged), []);
    const allowed = await app(post('/nested', cookie, { 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': token }), {}, newCtx());
    assert.equal(allowed.status, 200);
    const state = await (await read(app, cookieOf(allowed))).json();
    assert.deepEqual([state.outer, state.inner], [1, 1]);
  });

  // Regression (adversarial pass): the inner refusal counted for the whole session, and the outer's own change,
  // made before the inner call, was dropped although the outer answered with a page of its own.
  it("an inner csrf refusal the outer answers past with a page of its own: the outer's change is committed", async () => {
    const storage = createMemorySessionStorage({ cookie: cookieOptions });
    const inner = withSession(storage, () => new Response('widget'), { csrf: true });
    const outer = withSession(storage, async (request, { session, env, ctx }) => {
      if (request.method === 'GET') return new Response(csrfToken(session));
      session.set('visits', (session.get('visits') ?? 0) + 1);
      const widget = await inner(request, env, ctx);
      return new Response(`page; the widget answered ${widget.status}`);
    });
    const cookie = cookieOf(await outer(new Request('https://app.test/'), {}, newCtx()));
    const posted = await outer(post('/page', cookie, { 'Sec-Fetch-Site': 'same-origin' }), {}, newCtx());
    assert.equal(await posted.text(), 'page; the widget answered 403');
    const session = await storage.getSession(cookieOf(posted) ?? cookie);
    assert.equal(session.get('visits'), 1);
  });

  it('an outer handler that throws after the inner fetch rejects with its own error', async () => {
    const app = nestedApp({ outerFails: true });
    await assert.rejects(app(post('/nested'), {}, newCtx()), /the outer handler failed/);
  });
});

reusedCtxCases('one ExecutionContext reused across requests (a dev server over getPlatformProxy)', { createMemorySessionStorage, withSession, sessionMiddleware, Hono });
