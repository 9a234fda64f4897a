// README (Security model, Logout): a cookie session's request under way when the browser logs out signs it in
// again only when it changes the session, "its renewal alone does not, in the same isolate: a rewrite of a session
// read before another write of it is not made". The rewrite window keeps a key longer than 160 characters (a
// cookie session's, its value) as its length, head and tail (js/rewrite-window.js keptKey): the logout's note
// (rememberRewrite) and the slow page's claim (claimRewrite) must both be kept so, or they never meet. Mutation pass
// (s49): rememberRewrite noting the key whole went unnoticed, every test's cookie being shorter than 160 characters;
// a slow page's renewal of a session holding a longer value signed the logged-out browser in again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';

const secrets = ['V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='];
const clock = handClock();
const USER = 'ann'.padEnd(200, '.'); // a cookie value well past 160 characters

it("Remix v3 on the cookie storage: a slow page's renewal of a cookie longer than 160 characters does not sign the browser in again after its logout", async () => {
  const slowPage = gate();
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets }, format: 'remix-v3', idleTimeout: 60 });
  const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets }), storage)] });
  const user = ({ get }) => Response.json({ user: get(Session).get('user') ?? null });
  router.get('/', user);
  router.post('/login', (context) => (context.get(Session).set('user', USER), user(context)));
  router.post('/logout', (context) => (context.get(Session).destroy(), user(context)));
  router.get('/slow', async (context) => (await slowPage.pass(), user(context)));
  const fetch = (request) => router.fetch(request);
  const jar = new BrowserJar();
  jar.now = () => clock.now;
  await visit(jar, fetch, '/login', { method: 'POST' });
  assert.equal((await (await visit(jar, fetch, '/')).json()).user, USER);
  assert.ok(jar.header().length > 170, 'the cookie is past the rewrite window\'s verbatim keys');
  clock.now += 20_000; // the renewal is due
  const slow = visit(jar, fetch, '/slow');
  await slowPage.reached;
  await visit(jar, fetch, '/logout', { method: 'POST' });
  assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'logged out');
  clock.now += 3_000;
  slowPage.open();
  await slow;
  assert.equal((await (await visit(jar, fetch, '/')).json()).user, null, 'the logged-out browser is signed in again');
});
