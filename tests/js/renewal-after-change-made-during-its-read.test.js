// README (Session lifetime, Rolling renewal): "A renewal is a write of the session as the request read it: one whose
// session another request of the isolate wrote since that read (a slow page beside a change) is not written". A
// read that took a while (Workers KV answering slowly) may miss a change written while it ran: here the slow page's
// get of the record reads it before the cart is added and answers after the cart's request wrote it. Its renewal,
// answered past the window, is not written, and the cart stays.
// Mutation pass (s51): request-lifecycle.js openSession, and id-storage.js's Remix v3 read(), taking the read's mark
// after the read went unnoticed (every test's other write came after the read had answered): the renewal put the
// record back without the cart.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createWorkersKVSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate, holdNext } from '../helpers/gate.js';
import { handClock } from '../helpers/hand-clock.js';
import { mapKV } from './map-kv.js';

const clock = handClock();

const secrets = ['s3cr3t'];
const stateOf = (session) => Response.json({ user: session.get('user') ?? null, cart: session.get('cart') ?? null });

const APPS = {
  withSession: (storage, slowPage) =>
    withSession(storage, async (request, { session }) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/login') session.set('user', 'ann');
      if (pathname === '/cart') session.set('cart', 'book');
      if (pathname === '/slow') await slowPage.pass();
      return stateOf(session);
    }),
  "Remix v3's save()": (storage, slowPage) => {
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets }), storage)] });
    router.get('/', ({ get }) => stateOf(get(Session)));
    router.get('/login', ({ get }) => (get(Session).set('user', 'ann'), stateOf(get(Session))));
    router.get('/cart', ({ get }) => (get(Session).set('cart', 'book'), stateOf(get(Session))));
    router.get('/slow', async ({ get }) => (await slowPage.pass(), stateOf(get(Session))));
    return (request) => router.fetch(request);
  },
};

for (const [name, app] of Object.entries(APPS)) {
  it(`Workers KV, ${name}: a slow page whose read answered after a change of its session does not renew it over the change`, async () => {
    const kv = mapKV();
    const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets }, idleTimeout: 10, kv });
    const slowPage = gate();
    const fetch = app(storage, slowPage);
    const jar = new BrowserJar();
    jar.now = () => clock.now;
    await visit(jar, fetch, '/login');
    clock.now += 3_000; // idleTimeout 10: the renewal is due (touchInterval 2.5 s)
    const slowRead = holdNext(kv, 'get', (key) => key.startsWith('session:'));
    const slow = visit(jar, fetch, '/slow');
    await slowRead.reached; // it has read the record, without the cart
    assert.deepEqual(await (await visit(jar, fetch, '/cart')).json(), { user: 'ann', cart: 'book' });
    slowRead.release();
    await slowPage.reached;
    clock.now += 1_500; // past the renewal window (1.25 s)
    slowPage.open();
    assert.deepEqual(await (await slow).json(), { user: 'ann', cart: null }, 'the slow page read it before the cart');
    assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'ann', cart: 'book' });
  });
}
