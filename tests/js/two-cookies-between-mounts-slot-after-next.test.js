// A sign-in session mounted twice with a cart session's mount between (tests/js/two-cookies-between-mounts.test.js):
// the inner sign-in mount finds the outer one's session by storage (request-lifecycle.js openedOn) and puts it on
// c.var.session / sessionContext. A middleware of the cart, between the mounts, that uses the slot after next()
// (a "last viewed" stamp, a cart cleared after checkout) must get its own session back, not the sign-in one: there
// its write went into the sign-in cookie (a destroy() would sign the user out). Before openedOn, the inner mount's
// copy was there, ended, and the write threw SESSION_ENDED; now it was silently the sign-in session's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createMemorySessionStorage } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const SECRET = 'a-secret-of-at-least-32-characters-long';
const storages = () => ({
  user: createMemorySessionStorage({ cookie: { name: '__session', secrets: [SECRET], httpOnly: true } }),
  cart: createMemorySessionStorage({ cookie: { name: '__cart', secrets: [SECRET], httpOnly: true } }),
});
const pairOf = (response, name) => response.headers.getSetCookie().find((value) => value.startsWith(`${name}=`))?.split(';')[0];

async function stampLanded(response, { user, cart }, seen) {
  assert.equal(response.status, 200);
  assert.equal(seen.length, 1);
  assert.equal(seen[0], 'cart', 'the cart middleware gets the cart session back after next()');
  const cartPair = pairOf(response, '__cart');
  assert.ok(cartPair, 'the cart session is written');
  assert.equal((await cart.getSession(cartPair)).get('lastViewed'), '/shop/item');
  const userPair = pairOf(response, '__session');
  if (userPair !== undefined) assert.equal((await user.getSession(userPair)).get('lastViewed'), undefined, 'nothing of the cart in the sign-in session');
}

describe('a middleware of another cookie between two mounts of one, after next()', () => {
  it('Hono: c.var.session is its own session again', async () => {
    const stores = storages();
    const seen = [];
    const shop = new Hono();
    shop.use(honoSession(stores.user));
    shop.get('/item', (c) => c.text('item'));
    const app = new Hono();
    app.use(honoSession(stores.user));
    app.use('/shop/*', honoSession(stores.cart));
    app.use('/shop/*', async (c, next) => {
      await next();
      seen.push(c.var.session.get('kind'));
      c.var.session.set('lastViewed', c.req.path);
    });
    app.use('/shop/*', async (c, next) => {
      c.var.session.set('kind', 'cart');
      await next();
    });
    app.route('/shop', shop);
    await stampLanded(await app.request('http://app.test/shop/item'), stores, seen);
  });

  // The sub-app's first sign-in mount joins the outer session (app.mount with an ExecutionContext): its inner mount
  // finds it by storage too. Regression (mutation pass): the joined session was not noted (openedOn), the inner
  // mount joined it afresh, put it in the slot, and never put the cart's back.
  it('Hono: c.var.session is its own session again in a sub-app under app.mount() that joined the sign-in session', async () => {
    const stores = storages();
    const seen = [];
    const item = new Hono();
    item.use(honoSession(stores.user));
    item.get('/item', (c) => c.text('item'));
    const shop = new Hono();
    shop.use(honoSession(stores.user));
    shop.use(honoSession(stores.cart));
    shop.use(async (c, next) => {
      await next();
      seen.push(c.var.session.get('kind'));
      c.var.session.set('lastViewed', '/shop/item');
    });
    shop.use(async (c, next) => {
      c.var.session.set('kind', 'cart');
      await next();
    });
    shop.route('/', item);
    const app = new Hono();
    app.use(honoSession(stores.user));
    app.mount('/shop', shop.fetch);
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    await stampLanded(await app.fetch(new Request('http://app.test/shop/item'), {}, ctx), stores, seen);
  });

  it("React Router: sessionContext is the cart route's own session again", async () => {
    const stores = storages();
    const seen = [];
    const stamp = async ({ context, request }, next) => {
      context.get(sessionContext).set('kind', 'cart');
      const response = await next();
      const session = context.get(sessionContext);
      seen.push(session.get('kind'));
      session.set('lastViewed', new URL(request.url).pathname);
      return response;
    };
    const build = reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [reactRouterSession(stores.user)] } },
      'routes/shop': { id: 'routes/shop', parentId: 'root', path: 'shop', module: { middleware: [reactRouterSession(stores.cart), stamp] } },
      'routes/shop.item': {
        id: 'routes/shop.item',
        parentId: 'routes/shop',
        path: 'item',
        module: { middleware: [reactRouterSession(stores.user)], loader: () => ({ ok: true }), default: () => null },
      },
    });
    const handler = createRequestHandler(build, 'production');
    await stampLanded(await handler(new Request('http://app.test/shop/item')), stores, seen);
  });
});
