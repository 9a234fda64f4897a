// Clear-Site-Data ("prefetchCache", "prerenderCache") is a logout's (README, Security model, Logout). A page view
// whose write was refused because another tab's sign-in moved the session (regenerateId(true)) is no logout: it
// sets no cookie, and the browser stays signed in with the sign-in's cookie.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['clear-site-data-secret-0123456789abcdef'], httpOnly: true };

describe('Clear-Site-Data', () => {
  it('is not sent on a page view whose write another tab\'s sign-in refused', async () => {
    const storage = createMemorySessionStorage({ cookie });
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let reading;
    const read = new Promise((resolve) => (reading = resolve));
    const fetch = withSession(storage, async (request, { session }) => {
      const path = new URL(request.url).pathname;
      if (path === '/start') session.set('visits', 1);
      if (path === '/signin') {
        session.regenerateId(true);
        session.set('user', 'ada');
      }
      if (path === '/slow') {
        reading();
        await held;
        session.flash('note', 'seen');
      }
      return new Response('ok');
    });
    const first = await fetch(new Request('https://app.test/start'));
    const pair = first.headers.getSetCookie()[0].split(';')[0];
    const slow = fetch(new Request('https://app.test/slow', { headers: { Cookie: pair } }));
    await read;
    const signIn = await fetch(new Request('https://app.test/signin', { headers: { Cookie: pair } }));
    assert.equal(signIn.headers.getSetCookie().length, 1);
    release();
    const page = await slow;
    assert.deepEqual(page.headers.getSetCookie(), [], 'the refused write sets no cookie');
    assert.equal(page.headers.get('Clear-Site-Data'), null, 'no logout, no Clear-Site-Data');
  });
});
