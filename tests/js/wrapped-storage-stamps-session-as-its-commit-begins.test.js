// README (withSession): the lifecycle commits a changed session through the storage it was given, which may be the
// app's own object wrapping ours (logging, a "saved at" stamp). Such a wrapper may change the session as its commit
// begins, before it calls ours: the change is written with the rest (request-lifecycle.js: allowed until that
// commit's first await, refused after). Mutation pass (s50): the lifecycle not reopening the session to changes for
// the commit's start went unnoticed; the wrapper's set() threw SESSION_ENDED, and every changed response was a 500.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

/** An app's wrapper that stamps the session as its commit begins, then forwards to `base`. */
function stamping(base) {
  return {
    getSession: (header, options) => base.getSession(header, options),
    commitSession: (session, options) => {
      session.set('savedBy', 'wrapper');
      return base.commitSession(session, options);
    },
    destroySession: (session, options) => base.destroySession(session, options),
  };
}

it("a wrapper's change at the start of the lifecycle's commit is written with the session's own", async () => {
  const storage = stamping(createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] } }));
  const fetch = withSession(storage, (request, { session }) => {
    if (new URL(request.url).pathname === '/cart') session.set('cart', 1);
    return Response.json({ cart: session.get('cart') ?? null, savedBy: session.get('savedBy') ?? null });
  });
  const jar = new BrowserJar();
  const response = await visit(jar, fetch, '/cart', { method: 'POST' });
  assert.equal(response.status, 200);
  assert.deepEqual(jar.names(), ['__session']);
  assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { cart: 1, savedBy: 'wrapper' });
});
