// README (Security model, Logout): a cookie session's request under way when the browser logs out signs it in again
// only when it changes the session, "its renewal alone does not, in the same isolate: a rewrite of a session read
// before another write of it is not made". A cookie storage without idleTimeout rewrites an unchanged session only
// to re-seal it: under secrets[0] once a retired secret opened it, or sealed at last (encrypt: 'migrate'). Under
// withSession that rewrite is claimed with no window too (request-lifecycle.js sessionWrite).
// Regression (s47, found by the mutation pass over remix-storage.js): Remix v3's save() claimed a rewrite only with a
// window (idleTimeout), so a slow page's re-seal, answered after the logout, signed the logged-out browser in again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';

const remixSecrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];
const oldSecret = 'old-sealing-secret-of-32-characters!!';
const newSecret = 'new-sealing-secret-of-32-characters!!';

/** A Remix v3 app on a cookie storage of `cookie` options (no idleTimeout), and the gate of its slow page. */
function app(cookie, slowPage = gate()) {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', ...cookie }, format: 'remix-v3' });
  const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: remixSecrets }), storage)] });
  const user = ({ get }) => Response.json({ user: get(Session).get('user') ?? null });
  router.get('/', user);
  router.post('/login', (context) => (context.get(Session).set('user', 'ann'), user(context)));
  router.post('/logout', (context) => (context.get(Session).destroy(), user(context)));
  router.get('/slow', async (context) => (await slowPage.pass(), user(context)));
  return (request) => router.fetch(request);
}

describe("Remix v3's save() of a re-seal only, for a session read before its logout", () => {
  for (const [name, before, after] of [
    ['a retired secret opened it', { secrets: [oldSecret], encrypt: true }, { secrets: [newSecret, oldSecret], encrypt: true }],
    ["encrypt: 'migrate' read it unsealed", { secrets: [oldSecret] }, { secrets: [oldSecret], encrypt: 'migrate' }],
  ]) {
    it(`${name}: the slow page's answer does not sign the browser in again`, async () => {
      const jar = new BrowserJar();
      await visit(jar, app(before), '/login', { method: 'POST' });
      const slowPage = gate();
      const fetch = app(after, slowPage);
      const slow = visit(jar, fetch, '/slow');
      await slowPage.reached;
      await visit(jar, fetch, '/logout', { method: 'POST' });
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'logged out');
      slowPage.open();
      assert.equal((await (await slow).json()).user, 'ann', 'the slow page read the session');
      assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'the logged-out browser is signed in again');
    });
  }

  it('control: with no logout meanwhile, the re-seal is written and the session still reads', async () => {
    const jar = new BrowserJar();
    await visit(jar, app({ secrets: [oldSecret], encrypt: true }), '/login', { method: 'POST' });
    const fetch = app({ secrets: [newSecret], encrypt: true });
    const rotated = app({ secrets: [newSecret, oldSecret], encrypt: true });
    const response = await visit(jar, rotated, '/');
    assert.equal((await response.json()).user, 'ann');
    assert.match(response.headers.get('Set-Cookie') ?? '', /^__session=/, 're-sealed');
    assert.equal((await (await visit(jar, fetch, '/')).json()).user, 'ann', 'read under the new secret alone');
  });
});
