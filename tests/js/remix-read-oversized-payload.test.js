// Remix v3's read(cookieValue) on the cookie storage gives a fresh empty session for a value longer than any Cookie
// header getSession reads (64 KiB), as for any bad input. Regression (audit): signed, or with encrypt: 'migrate',
// a payload over ~525,000 characters threw SessionDataError VALUE_TOO_LARGE (the core's bound on one call), and
// through the real @remix-run/session-middleware the request failed; the sealed and server-side storages gave a
// fresh session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';

const quiet = (make) => {
  const warn = console.warn;
  console.warn = () => {};
  try { return make(); } finally { console.warn = warn; }
};
const payload = (bytes) => JSON.stringify({ i: 'x', d: [{ a: 'x'.repeat(bytes) }, {}] });
const hugeId = JSON.stringify({ i: 'x'.repeat(600 * 1024), d: [{}, {}] });

describe('Remix read() of an oversized payload', () => {
  for (const [name, make] of [
    ['cookie (signed)', () => createCookieSessionStorage({ cookie: { secrets: ['s'] } })],
    ["cookie (encrypt: 'migrate')", () => createCookieSessionStorage({ cookie: { secrets: ['s'], encrypt: 'migrate' } })],
    ['cookie (encrypt: true), control', () => createCookieSessionStorage({ cookie: { secrets: ['s'], encrypt: true } })],
    ['memory, control', () => createMemorySessionStorage({ cookie: { secrets: ['s'] } })],
  ]) {
    it(`${name}: a 600 KiB value or id reads as a fresh empty session, not a throw`, async () => {
      const storage = quiet(make);
      for (const value of [payload(600 * 1024), hugeId]) {
        const session = await storage.read(value);
        assert.equal(session.size, 0);
        assert.notEqual(session.id, 'x');
      }
    });
  }

  it('through the real Remix middleware, a value another cookie signed under the same secret does not fail the request', async () => {
    const storage = quiet(() => createCookieSessionStorage({ cookie: { secrets: ['s'] } }));
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: ['s'] }), storage)] });
    router.get('/', ({ get }) => new Response(`size ${get(Session).size}`));
    // The app's own "prefs" cookie, signed with the same secret, holds text the visitor chose (Remix signs the value only).
    const prefs = createCookie('prefs', { secrets: ['s'] });
    const replayed = (await prefs.serialize(payload(600 * 1024))).split(';')[0].replace(/^prefs=/, '__session=');
    const response = await router.fetch('http://app.test/', { headers: { Cookie: replayed } });
    assert.equal(await response.text(), 'size 0');
  });
});
