// The rewrite window (js/rewrite-window.js) forgets its oldest notes once it holds 1000 keys or 1 MiB of key
// characters, and then refuses the renewal of every request read before the newest note it forgot ("the next
// request makes it"). A cookie session's key is its cookie pairs as the client sent them, up to 64 KiB each: so
// ~17 requests of anyone's, each with a distinct ~60 KB pair under the session cookie's name, push out 1 MiB and
// move the watermark past the read of every request in flight. Kept up (a few hundred requests a second, while
// any page renders), no renewal of that isolate is ever made, and every active user is signed out at idleTimeout
// (README, Session lifetime: "a session ends between ¾ and 1 idleTimeout after its last use"). Before 7bda62f the
// window was cleared whole, which cost a renewal write, never a sign-out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';

const options = { cookie: { name: '__session', secrets: ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='] }, idleTimeout: 60 }; // renewal due after 15 s
const clock = handClock();

/** An app whose pages take a moment to render (`pages.next()` is the current page's gate), and a public login form. */
function app(storage, pages) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') session.set('user', 'ann');
    if (pathname === '/login-form') return new Response(`<form><input name="_csrf" value="${csrfToken(session)}"></form>`);
    if (pathname === '/page') await pages.current.pass();
    return Response.json({ user: session.get('user') ?? null });
  });
}

/** An anonymous client's requests for the public login form, each with a distinct ~60 KB junk session cookie. */
async function anonymousFlood(fetch, requests, offset) {
  await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const junk = `__session=${String(offset + i).padStart(8, '0')}${'x'.repeat(60_000)}`;
      const response = await fetch(new Request('https://example.com/login-form', { headers: { Cookie: junk } }));
      await response.arrayBuffer();
    }),
  );
}

describe('the rewrite window under a flood of large keys', () => {
  it('a user active every 10 s stays signed in while an anonymous client floods the login form', async () => {
    const pages = { current: gate() };
    const fetch = app(createCookieSessionStorage(options), pages);
    const jar = new BrowserJar();
    jar.now = () => clock.now;
    await visit(jar, fetch, '/login');
    const renewed = [];
    for (let at = 10; at <= 70; at += 10) {
      clock.now += 10_000;
      pages.current = gate();
      const view = visit(jar, fetch, '/page');
      await pages.current.reached;
      clock.now += 50; // the page renders for 50 ms, meanwhile 18 requests of the flood arrive
      await anonymousFlood(fetch, 18, at * 100);
      pages.current.open();
      const response = await view;
      renewed.push(`${at}s: ${response.headers.getSetCookie().length > 0 ? 'renewed' : 'not renewed'}, user ${(await response.json()).user}`);
    }
    assert.ok(renewed.every((line) => line.endsWith('user ann')), `a user active every 10 s was signed out:\n${renewed.join('\n')}`);
  });
});
