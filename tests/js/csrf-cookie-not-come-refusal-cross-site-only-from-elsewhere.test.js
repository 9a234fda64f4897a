// README, CSRF: a 403 "says which rule failed"; a post whose session cookie did not come is told so, and a post from
// another site (a trusted origin's, its cookie not `sameSite: 'none'`) is told that too, with where such a route goes
// ("Routes that take posts from elsewhere"). A browser that sends no Sec-Fetch-Site (older Safari) posting from the
// page's own origin is no cross-site post; a trusted partner's whose Sec-Fetch-Site a proxy repeated
// ("cross-site, cross-site") is one. Mutation pass (s46), each unnoticed: an Origin judged cross-site whatever it was
// (the own origin's post told of sameSite: 'none' and exempt routes), and a repeated header not read as cross-site.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.test';
const PARTNER = 'https://partner.example';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
const fetch = withSession(storage, (request, { session }) => new Response(request.method === 'GET' ? csrfToken(session) : 'saved'), {
  csrf: { trustedOrigins: [PARTNER] },
});

it("a token posted without the session's cookie: the 403 speaks of a cross-site post only for one from elsewhere", async () => {
  const token = await (await fetch(new Request(`${ORIGIN}/`))).text();
  const post = (headers) => fetch(new Request(`${ORIGIN}/`, { method: 'POST', headers: { 'X-CSRF-Token': token, ...headers } }));
  const own = await post({ Origin: ORIGIN });
  assert.equal(own.status, 403);
  const ownText = await own.text();
  assert.match(ownText, /its cookie did not come with the request/);
  assert.doesNotMatch(ownText, /cross-site|sameSite|keep its route out/, ownText);
  const partner = await post({ Origin: PARTNER, 'Sec-Fetch-Site': 'cross-site, cross-site' });
  assert.equal(partner.status, 403);
  const partnerText = await partner.text();
  assert.match(partnerText, /a cross-site post and a cookie not sameSite: 'none'/);
  assert.match(partnerText, /keep its route out of the check/);
});
