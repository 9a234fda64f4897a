// The renewal window (js/lifetime.js rewriteWindowOf), as README's Session lifetime states it: requests of one
// session that find its renewal due together renew it once per isolate, "those within half a touchInterval of a
// rewrite (at most 2 s ...) make none"; past the window the same cookie is renewed again (a renewal whose response
// was lost is made again a moment later). A storage without timeouts rewrites only to re-sign a cookie read under a
// retired secret, and its window is the same 2 s. Each case sends one cookie (a cookie session's, whose cookie carries
// its times; an ID's, signed under a retired secret), read before any renewal, at moments around the window's edge,
// and counts the Set-Cookies. No test held the window's length: halving it, doubling it,
// or dropping it for a storage without timeouts passed the Node suites.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { cookiePair, cookieValue, signedCookieHeader, splitSigned } from './support.js';

const START = 1_700_000_000_000;
const name = '__session';

/** The renewals made for requests carrying `cookie` at each of `moments` (ms from START): the moments that renewed. */
async function renewedAt(t, storage, cookie, moments) {
  const handler = withSession(storage, async (request, { session }) => new Response(String(session.get('userId'))));
  const renewed = [];
  for (const at of moments) {
    t.mock.timers.setTime(START + at);
    const response = await handler(new Request('https://example.com/', { headers: { Cookie: cookie } }));
    assert.equal(await response.text(), 'ada', `at +${at} ms`);
    if (response.headers.getSetCookie().length > 0) renewed.push(at);
  }
  return renewed;
}

async function signedIn(t, storage) {
  t.mock.timers.enable({ apis: ['Date'], now: START });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  return cookiePair(await storage.commitSession(session));
}

describe('The renewal window of a burst carrying one cookie', () => {
  it('is half the touchInterval: with touchInterval 1 s, the same cookie 300 ms after a renewal is not renewed, 700 ms after it is', async (t) => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s'] }, idleTimeout: 4 }); // touchInterval 1 s
    const cookie = await signedIn(t, storage);
    assert.deepEqual(await renewedAt(t, storage, cookie, [1000, 1300, 1700]), [1000, 1700]);
  });

  it('is 2 s at most: with touchInterval 60 s, the same cookie 1.5 s after a renewal is not renewed, 2.5 s after it is', async (t) => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets: ['s'] }, idleTimeout: 600, touchInterval: 60 });
    const cookie = await signedIn(t, storage);
    assert.deepEqual(await renewedAt(t, storage, cookie, [61_000, 62_500, 63_500]), [61_000, 63_500]);
  });

  it('is 2 s for a storage without timeouts: a cookie read under a retired secret is re-signed once per 2 s', async (t) => {
    const storage = createMemorySessionStorage({ cookie: { name, secrets: ['new', 'old'] } });
    const seeded = await signedIn(t, storage);
    const id = JSON.parse(Buffer.from(splitSigned(decodeURIComponent(cookieValue(seeded))).payload, 'base64').toString());
    const underOld = signedCookieHeader(name, JSON.stringify(id), 'old'); // the cookie a client kept from before the rotation
    assert.deepEqual(await renewedAt(t, storage, underOld, [10_000, 11_500, 12_500]), [10_000, 12_500]);
  });
});
