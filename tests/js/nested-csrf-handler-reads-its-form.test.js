// README "withSession", nested calls: an inner withSession of the same storage, called with the outer's ctx, joins
// the outer session and runs its own csrf check; withSession's csrf: "a form read for its token reaches the handler
// as a Request holding its body". So the inner handler of an accepted form reads its fields, as a handler under one
// withSession does, and the outer commits what it changed.
// Mutation pass (s47): the joined call handing its handler the request as it came (its body read for the token)
// went unnoticed; every accepted form failed in the inner handler ("body used already") and nothing was saved.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionPairOf as pairOf } from './support.js';

const ORIGIN = 'http://app.test';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789'] } });

it("an inner withSession(csrf) joined to the outer session hands its handler the form it read the token from", async () => {
  let outerSession;
  const inner = withSession(storage, async (request, { session }) => {
    assert.equal(session, outerSession, "the outer's session, joined");
    if (request.method === 'GET') return new Response(csrfToken(session));
    const note = (await request.formData()).get('note');
    session.set('note', note);
    return new Response(`saved ${note}`);
  }, { csrf: true });
  const outer = withSession(storage, (request, { env, ctx, session }) => {
    outerSession = session;
    return inner(request, env, ctx);
  });
  const ctx = { waitUntil() {}, passThroughOnException() {} };
  const page = await outer(new Request(`${ORIGIN}/form`), {}, ctx);
  const token = await page.text();
  const cookie = pairOf(page);
  const post = await outer(new Request(`${ORIGIN}/note`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' },
    body: new URLSearchParams({ _csrf: token, note: 'hello' }),
  }), {}, ctx);
  assert.equal(post.status, 200);
  assert.equal(await post.text(), 'saved hello');
  assert.equal((await storage.getSession(pairOf(post))).get('note'), 'hello', 'the outer committed the change');
});
