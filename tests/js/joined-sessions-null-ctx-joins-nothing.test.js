// README (Choices: a nested withSession joins the outer session, the request told by its ctx; "not used without a
// ctx"): a ctx of null, as a server with no ExecutionContext may pass, is no ctx (js/joined-sessions.js scopeOf: a
// non-object joins nothing). The request is answered and its session written,
// and a nested withSession call with that null opens its own, as without a ctx.
// Mutation pass (s49): scopeOf taking null for an object (typeof null is 'object') went unnoticed; a WeakMap keyed
// by null threw, and every such request failed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, withSession } from 'edge-session';
import { pairOf } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['joined-null-ctx-joins-nothing'.padEnd(32, '!')] };

it('withSession called with a null ctx answers and writes its session; a nested call with it writes its own', async () => {
  const storage = createMemorySessionStorage({ cookie });
  const inner = withSession(storage, (request, { session }) => {
    session.set('inner', true);
    return new Response('inner');
  });
  const outer = withSession(storage, async (request, { session, env, ctx }) => {
    session.set('outer', true);
    const nested = await inner(new Request(request.url, { headers: request.headers }), env, ctx);
    return new Response(await nested.text(), { headers: { 'X-Inner-Set-Cookie': nested.headers.get('Set-Cookie') ?? '' } });
  });
  const response = await outer(new Request('https://app.test/'), {}, null);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'inner');
  const outerSession = await storage.getSession(pairOf(response.headers.get('Set-Cookie')));
  assert.equal(outerSession.get('outer'), true);
  assert.equal(outerSession.get('inner'), undefined, 'the nested call joined the outer session with no ctx');
  const innerSession = await storage.getSession(pairOf(response.headers.get('X-Inner-Set-Cookie')));
  assert.equal(innerSession.get('inner'), true, 'the nested call wrote its own session');
});
