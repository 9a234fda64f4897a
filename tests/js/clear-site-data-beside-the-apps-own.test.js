// README (Security model, Logout): through withSession "the logout's response also carries Clear-Site-Data:
// "prefetchCache", "prerenderCache" (an app's own Clear-Site-Data is kept beside it)"; a directive the app's header
// has already stays once, and one that clears everything ("*") is left as it is (js/speculative-loads.js).
// Regression (mutation pass): the app's own directives replaced by ours, and ours added beside "*", were noticed by no
// test; nor (s44) the header rewritten when it has both already, as `"prefetchCache", "prerenderCache", ` (a trailing
// comma that makes the header a list browsers refuse whole).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['clear-site-data-secret-0123456789abcdef'] } });

/** The Clear-Site-Data of a logout whose handler answers with `given` as its own (null: none). */
async function logoutWith(given) {
  const seed = await storage.getSession(null);
  seed.set('user', 'ada');
  const cookie = (await storage.commitSession(seed)).split(';')[0];
  const fetch = withSession(storage, async (request, { session }) => {
    session.destroy();
    return new Response('bye', given === null ? {} : { headers: { 'Clear-Site-Data': given } });
  });
  const response = await fetch(new Request('https://app.test/logout', { method: 'POST', headers: { Cookie: cookie } }));
  assert.match(response.headers.getSetCookie()[0], /^__session=;/, 'the logout is written');
  return response.headers.get('Clear-Site-Data');
}

describe("a logout's Clear-Site-Data beside the app's own", () => {
  it('none given: the two directives', async () => {
    assert.equal(await logoutWith(null), '"prefetchCache", "prerenderCache"');
  });

  it('the app\'s "cache" is kept, the two added after it', async () => {
    assert.equal(await logoutWith('"cache"'), '"cache", "prefetchCache", "prerenderCache"');
  });

  it('a directive the app gave already stays once', async () => {
    assert.equal(await logoutWith('"prefetchCache", "cookies"'), '"prefetchCache", "cookies", "prerenderCache"');
  });

  it('both given already: the header stays as the app wrote it', async () => {
    assert.equal(await logoutWith('"prerenderCache", "prefetchCache"'), '"prerenderCache", "prefetchCache"');
  });

  it('"*" (everything) is left as it is', async () => {
    assert.equal(await logoutWith('"*"'), '"*"');
    assert.equal(await logoutWith('"cache", "*"'), '"cache", "*"');
  });
});
