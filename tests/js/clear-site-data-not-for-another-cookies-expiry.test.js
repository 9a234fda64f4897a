// README, withSession: when the response expires the cookie the session is written to (a logout by hand), neither
// its write nor a hand commit of it is sent, and (Security model, Logout) the logout's response carries
// Clear-Site-Data: "prefetchCache", "prerenderCache". A response that expires another cookie of the app (a flash
// message's, an A/B test's), on the session cookie's own path and domain, is no logout: the session's change is
// written as usual, and the browser keeps its prefetched and prerendered pages.
// Mutation pass (s50): endsCookie without its name check went unnoticed; a response clearing any cookie of the app
// was read as a logout, the session's change was not written and Clear-Site-Data was sent.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], httpOnly: true };

for (const expiring of ['flash=; Max-Age=0; Path=/', 'ab_test=b; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']) {
  it(`a response expiring another cookie (${expiring}) writes the session and carries no Clear-Site-Data`, async () => {
    const storage = createCookieSessionStorage({ cookie });
    const fetch = withSession(storage, async (_request, { session }) => {
      session.set('user', 'ada');
      return new Response('ok', { headers: { 'Set-Cookie': expiring } });
    });
    const response = await fetch(new Request('https://app.test/'));
    const [other, own] = response.headers.getSetCookie();
    const written = own === undefined ? null : (await storage.getSession(own.split(';')[0])).get('user');
    assert.deepEqual(
      { other, written, clearSiteData: response.headers.get('Clear-Site-Data') },
      { other: expiring, written: 'ada', clearSiteData: null },
      'the session written beside the other cookie\'s expiry, and no Clear-Site-Data',
    );
  });
}
