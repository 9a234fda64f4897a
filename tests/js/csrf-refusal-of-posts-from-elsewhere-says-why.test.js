// The 403s that a route taking posts from elsewhere gets while the check still covers it (README "Routes that take
// posts from elsewhere"). Regression (posts-from-elsewhere pass): a webhook (no cookie, no Origin) was told its
// session's cookie "did not come ... (cookies blocked, a Secure cookie over plain http) ... reload the page", or to
// send the X-CSRF-Token header; an identity provider's form_post callback was told to list the provider's origin in
// csrf.trustedOrigins, after which it got "missing CSRF token ... reload the page": a dead end either way, whose
// likely outcome is `csrf` turned off. What each refuses is unchanged.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['posts-from-elsewhere-secret-0123456789'] } });
const ran = [];
const handler = (request, { session }) => {
  if (request.method === 'GET') return new Response(csrfToken(session));
  ran.push(request.url);
  return new Response('ran');
};
const app = withSession(storage, handler, { csrf: true });
const trusting = withSession(storage, handler, { csrf: { trustedOrigins: ['https://idp.example'] } });
const SECTION = /Routes that take posts from elsewhere/;
const form = 'application/x-www-form-urlencoded';

async function refusal(fetch, init, path = '/hook') {
  const response = await fetch(new Request(`https://app.test${path}`, { method: 'POST', ...init }));
  assert.equal(response.status, 403);
  return response.text();
}

it('a webhook (no cookie, no Origin, no Sec-Fetch-Site) is refused as a server\'s request, pointed at keeping its route out of the check', async () => {
  const json = await refusal(app, { headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=0' }, body: '{}' });
  const urlencoded = await refusal(app, { headers: { 'Content-Type': form, 'X-GitHub-Event': 'push' }, body: 'payload=%7B%7D' });
  const bearer = await refusal(app, { headers: { 'Content-Type': 'application/json', Authorization: 'Bearer abc' }, body: '{}' });
  for (const text of [json, urlencoded, bearer]) {
    assert.match(text, /^Forbidden: missing CSRF token/, text);
    assert.match(text, SECTION, text);
    assert.doesNotMatch(text, /cookie did not come|reload the page|React Router/, text);
  }
  assert.deepEqual(ran, []);
});

it('an identity provider\'s cross-site form_post is pointed at keeping its route out of the check, not only at trustedOrigins', async () => {
  const headers = { 'Content-Type': form, Origin: 'https://idp.example', 'Sec-Fetch-Site': 'cross-site' };
  const crossSite = await refusal(app, { headers, body: 'code=1&state=2' }, '/auth/callback');
  assert.match(crossSite, /^Forbidden: cross-site request/, crossSite);
  assert.match(crossSite, /trustedOrigins/, crossSite);
  assert.match(crossSite, SECTION, crossSite);
  const opaque = await refusal(app, { headers: { ...headers, Origin: 'null' }, body: 'code=1&state=2' }, '/auth/callback');
  assert.match(opaque, /opaque/, opaque);
  assert.match(opaque, SECTION, opaque);
  // Its origin listed, as the 403 said: the token is still needed, and the 403 now says where to go.
  const listed = await refusal(trusting, { headers, body: 'code=1&state=2' }, '/auth/callback');
  assert.match(listed, /^Forbidden: missing CSRF token/, listed);
  assert.match(listed, SECTION, listed);
  assert.deepEqual(ran, []);
});

it('a browser\'s own page without its token, or a sibling subdomain\'s post, is told what it was before', async () => {
  const page = await app(new Request('https://app.test/'));
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  const tokenless = await refusal(app, { headers: { Cookie: cookie, 'Content-Type': form, Origin: 'https://app.test', 'Sec-Fetch-Site': 'same-origin' }, body: 'a=1' });
  assert.equal(tokenless, "Forbidden: missing CSRF token (send it in the _csrf form field or the X-CSRF-Token header; csrfToken(session) makes one).\n");
  const cookieLost = await refusal(app, { headers: { 'Content-Type': form, Origin: 'https://app.test', 'Sec-Fetch-Site': 'same-origin' }, body: 'a=1' });
  assert.match(cookieLost, /cookie did not come/, cookieLost);
  assert.doesNotMatch(cookieLost, SECTION, cookieLost);
  const sibling = await refusal(app, { headers: { Cookie: cookie, 'Content-Type': form, Origin: 'https://blog.app.test', 'Sec-Fetch-Site': 'same-site' }, body: 'a=1' });
  assert.doesNotMatch(sibling, SECTION, sibling);
  assert.deepEqual(ran, []);
});
