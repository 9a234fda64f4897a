// README "withSession", nested calls: a fetch wrapped directly by another withSession (withSession(factory,
// withSession(factory, handler)), or withSession(factory, app.fetch) around a Hono app with our middleware) gets the
// outer's load context in place of env and no ctx, "takes its env and ctx from it, and joins": the factory reads the
// app's secret from env, and the inner handler gets the outer's session, env and ctx. In Node here (the Worker case
// runs inside workerd in tests/workerd/with-session-wrapped-twice.test.js).
// Mutation pass (s47): withSession not noting the load context it hands its handler (load-context.js asLoadContext)
// went unnoticed by every Node test; the inner factory got the load context as env and threw for a secret that was set.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { sessionPairOf as pairOf } from './support.js';

const factory = (env) => createCookieSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] } });
const env = { SESSION_SECRET: 'wrapped-directly-secret-0123456789abcdef' };
const ctx = { waitUntil() {}, passThroughOnException() {} };

/** Two requests through `fetch`, the second with the first's cookie: the count the handler kept, each time. */
async function countsThrough(fetch) {
  const first = await fetch(new Request('http://app.test/'), env, ctx);
  assert.equal(first.status, 200);
  assert.equal(first.headers.getSetCookie().length, 1, 'one session, one Set-Cookie');
  const second = await fetch(new Request('http://app.test/', { headers: { Cookie: pairOf(first) } }), env, ctx);
  return [await first.text(), await second.text()];
}

/**
 * An outer withSession whose handler hands the request on with `handOn(inner, request, context)` to an inner
 * withSession of the same factory, which checks it got the outer's env, ctx and session and counts.
 */
function nestedWithSession(handOn) {
  let outer;
  const inner = withSession(factory, (request, context) => {
    assert.equal(context.env, env);
    assert.equal(context.ctx, ctx);
    assert.equal(context.session, outer, "the outer's session, joined");
    context.session.set('count', (context.session.get('count') ?? 0) + 1);
    return new Response(String(context.session.get('count')));
  });
  return withSession(factory, (request, context) => {
    outer = context.session;
    return handOn(inner, request, context);
  });
}

/**
 * A Hono app with our middleware of the same factory, which checks it joined the outer session (and, `handedCtx`,
 * that Hono got the ctx: c.executionCtx throws where none came) and counts.
 */
function countingHonoApp({ handedCtx = false } = {}) {
  const app = new Hono();
  app.use(sessionMiddleware(factory));
  app.get('/', (c) => {
    if (handedCtx) assert.equal(c.executionCtx, ctx);
    assert.equal(c.var.session, c.env.session, "the outer's session, joined");
    c.var.session.set('count', (c.var.session.get('count') ?? 0) + 1);
    return c.text(String(c.var.session.get('count')));
  });
  return app;
}

describe("a fetch wrapped directly by withSession takes env and ctx from withSession's load context", () => {
  it('withSession(factory, withSession(factory, handler)): the inner handler gets the outer session, env and ctx', async () => {
    assert.deepEqual(await countsThrough(nestedWithSession((inner, request, context) => inner(request, context))), ['1', '2']);
  });

  it('withSession(factory, app.fetch) around a Hono app with our middleware of the same factory', async () => {
    assert.deepEqual(await countsThrough(withSession(factory, countingHonoApp().fetch)), ['1', '2']);
  });

  // The same, the load context handed on with its ctx (so that Hono's c.executionCtx works): a load context is never
  // a Worker's env, whatever comes beside it. Regression (s47 adapters pass, AD59): unwrapped only when no ctx came,
  // the middleware's factory read the secret from the load context, and every request was a 500.
  it('(request, context) => app.fetch(request, context, context.ctx) around a Hono app with our middleware', async () => {
    const app = countingHonoApp({ handedCtx: true });
    assert.deepEqual(await countsThrough(withSession(factory, (request, context) => app.fetch(request, context, context.ctx))), ['1', '2']);
  });

  it('withSession(factory, (request, context) => inner(request, context, context.ctx)): joined as without the ctx', async () => {
    assert.deepEqual(await countsThrough(nestedWithSession((inner, request, context) => inner(request, context, context.ctx))), ['1', '2']);
  });
});
