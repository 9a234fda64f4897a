// The app of the renewal-race tests (tests/js/renewal-after-concurrent-change, failed-renewal-forgets-change-note):
// /add counts a cart up, /slow waits at `slowPage` (tests/helpers/gate.js: a page that takes long to render), and
// every path answers the cart.
import { withSession } from 'edge-session';

/** withSession over `storage` serving that app. */
export function slowPageCart(storage, slowPage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/add') session.set('cart', (session.get('cart') ?? 0) + 1);
    if (pathname === '/slow') await slowPage.pass();
    return new Response(String(session.get('cart')));
  });
}
