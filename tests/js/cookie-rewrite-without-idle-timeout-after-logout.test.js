// README (Limits, cookie sessions): "its renewal alone does not [sign it in again], in the same isolate: a rewrite of
// a session read before another write of it is not made". A cookie storage without idleTimeout (the default) still
// rewrites a session to re-sign it under secrets[0] or to migrate it from migrateFrom's cookie. Regression (mutation
// pass): with no idleTimeout its renewal window is 0, no rewrite was checked against the writes made since its read,
// and a slow page's re-signing (or migration) answered after a logout signed the browser in again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';

const OLD_SECRET = 'Vq1hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc=';
const NEW_SECRET = 'Rt8bNe2UaIoMqHsZcV8hQm1n9cS2xPz4K7tYw3LdR0f=';

function app(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/logout') session.destroy();
    if (pathname === '/slow') await slowPage.pass();
    return Response.json({ user: session.get('user') ?? null });
  });
}

/** A slow page of `jar`'s session, a logout while it runs, then the slow page's answer: who `jar` is after. */
async function afterSlowPageAndLogout(jar, storage) {
  const slowPage = gate();
  const fetch = app(storage, slowPage);
  const slow = visit(jar, fetch, '/slow');
  await slowPage.reached;
  await visit(jar, fetch, '/logout');
  slowPage.open();
  await slow;
  return (await (await visit(jar, fetch, '/')).json()).user;
}

describe('a cookie storage without idleTimeout: a slow page answered after a logout', () => {
  it('its re-signing under secrets[0] (the session read under a retired secret) does not sign the browser in again', async () => {
    const before = createCookieSessionStorage({ cookie: { name: '__session', secrets: [OLD_SECRET] } });
    const old = await before.getSession(null);
    old.set('user', 'ann');
    const jar = new BrowserJar().apply([await before.commitSession(old)]);
    const rotated = createCookieSessionStorage({ cookie: { name: '__session', secrets: [NEW_SECRET, OLD_SECRET] } });
    assert.equal(await afterSlowPageAndLogout(jar, rotated), null);
  });

  it("its migration from migrateFrom's cookie does not sign the browser in again", async () => {
    const theirs = theirCookieSessionStorage({ cookie: { name: '__old', secrets: [OLD_SECRET] } });
    const old = await theirs.getSession(null);
    old.set('user', 'ann');
    const jar = new BrowserJar().apply([await theirs.commitSession(old)]);
    const storage = createCookieSessionStorage({
      cookie: { name: '__session', secrets: [NEW_SECRET] },
      migrateFrom: { cookie: { name: '__old', secrets: [OLD_SECRET] }, format: 'react-router' },
    });
    assert.equal(await afterSlowPageAndLogout(jar, storage), null);
  });

  it('control: the slow page alone re-signs the session, which stays signed in', async () => {
    const before = createCookieSessionStorage({ cookie: { name: '__session', secrets: [OLD_SECRET] } });
    const old = await before.getSession(null);
    old.set('user', 'ann');
    const jar = new BrowserJar().apply([await before.commitSession(old)]);
    const rotated = createCookieSessionStorage({ cookie: { name: '__session', secrets: [NEW_SECRET, OLD_SECRET] } });
    const page = await visit(jar, app(rotated, gate()), '/');
    assert.equal(page.headers.getSetCookie().length, 1, 're-signed under secrets[0]');
    assert.equal((await (await visit(jar, app(rotated, gate()), '/')).json()).user, 'ann');
  });
});
