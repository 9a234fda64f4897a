// The app of the renewal-race tests (tests/js/renewal-after-concurrent-change, failed-renewal-forgets-change-note):
// /add counts a cart up, /slow waits at `slowPage` (tests/helpers/gate.js: a page that takes long to render), and
// every path answers the cart.
import assert from 'node:assert/strict';
import { withSession } from 'edge-session';
import { BrowserJar, visit } from './browser-jar.js';
import { gate } from './gate.js';

/** withSession over `storage` serving that app. */
export function slowPageCart(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/add') session.set('cart', (session.get('cart') ?? 0) + 1);
    if (pathname === '/slow') await slowPage.pass();
    return new Response(String(session.get('cart')));
  });
}

/**
 * That app over `storage` with a cart of one item, its renewal due, and a slow page that has read it and waits at
 * `slowPage` (`slow`: its response, once opened). `clock`: the hand clock the storage's times and the jar read.
 */
export async function slowPageReadDue(storage, clock) {
  const slowPage = gate();
  const fetch = slowPageCart(storage, slowPage);
  const jar = new BrowserJar();
  jar.now = () => clock.now;
  assert.equal(await (await visit(jar, fetch, '/add')).text(), '1');
  clock.now += 20_000; // the renewal is due
  const slow = visit(jar, fetch, '/slow');
  await slowPage.reached;
  return { fetch, jar, slowPage, slow };
}
