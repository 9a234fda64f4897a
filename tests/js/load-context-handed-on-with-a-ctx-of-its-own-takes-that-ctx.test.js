// README "withSession": `env` and `ctx` are what the fetch was called with; a fetch wrapped directly by another
// withSession takes them from the load context it gets; and a join needs "the same ctx" ("otherwise the inner call
// opens a copy of its own"). So a handler that hands the load context on with a ctx of its own (one that counts its
// waitUntil jobs) gives the inner handler that ctx, not the load context's, and the inner call joins nothing.
// Mutation pass (s51): envAndCtxOf taking the load context's ctx before the one given (env.ctx ?? ctx) went
// unnoticed; the inner handler's ctx.waitUntil went to the outer's ctx, and the call joined the outer session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const factory = (env) => createCookieSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] } });
const env = { SESSION_SECRET: 'ctx-of-its-own-secret-0123456789abcdef' };
const outerCtx = { waitUntil() {}, passThroughOnException() {} };
const ownCtx = () => ({ waitUntil() {}, passThroughOnException() {} });

describe('a load context handed on with a ctx of its own', () => {
  it('withSession: the inner handler gets the ctx given, and a session of its own', async () => {
    const handedCtx = ownCtx();
    let outer;
    let seen;
    const inner = withSession(factory, (request, context) => {
      seen = { ctx: context.ctx, env: context.env, joined: context.session === outer };
      return new Response('inner');
    });
    const fetch = withSession(factory, (request, context) => {
      outer = context.session;
      return inner(request, context, handedCtx);
    });
    const response = await fetch(new Request('http://app.test/'), env, outerCtx);
    assert.equal(response.status, 200);
    assert.equal(seen.ctx, handedCtx, "the ctx given, not the load context's");
    assert.equal(seen.env, env, "the env is still the load context's");
    assert.equal(seen.joined, false, 'another ctx: no join');
  });

  it("Hono: c.executionCtx is the ctx given, and c.var.session is not the outer's", async () => {
    const handedCtx = ownCtx();
    let seen;
    const app = new Hono();
    app.use(sessionMiddleware(factory));
    app.get('/', (c) => {
      seen = { ctx: c.executionCtx, joined: c.var.session === c.env.session };
      return c.text('inner');
    });
    const fetch = withSession(factory, (request, context) => app.fetch(request, context, handedCtx));
    const response = await fetch(new Request('http://app.test/'), env, outerCtx);
    assert.equal(response.status, 200);
    assert.equal(seen.ctx, handedCtx);
    assert.equal(seen.joined, false, 'another ctx: no join');
  });
});
