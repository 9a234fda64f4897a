// Two session middlewares of two cookies on one app (a sign-in session and a cart session), the sign-in one mounted
// again further in (a Hono sub-app under app.route() with its own, a React Router child route with its own), as the
// README says to. The cart mount in between puts its session on c.var.session / sessionContext: the inner sign-in
// mount must still find the sign-in session the outer one opened, not open a second copy whose write the outer
// one's (a "last seen" stamp made before next()) then overwrites.
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
const named = (response, name) => response.headers.getSetCookie().filter((value) => value.startsWith(`${name}=`));

/** POST /shop/login signs in; the app's own middleware stamps "seen" on the sign-in session before next(). */
async function signInKept(fetch, user) {
  const posted = await fetch(new Request('http://app.test/shop/login', { method: 'POST' }));
  assert.equal(posted.status, 200);
  const headers = named(posted, '__session');
  assert.equal(headers.length, 1, `one Set-Cookie for the sign-in session, got ${JSON.stringify(headers)}`);
  const session = await user.getSession(headers[0].split(';')[0]);
  assert.equal(session.get('user'), 'ada', 'the sign-in made in the inner mount is kept');
  assert.equal(session.get('seen'), true, 'and so is the outer middleware\'s stamp');
}

describe('a sign-in session mounted twice with a cart session between the mounts', () => {
  it('Hono: the sub-app\'s own mount uses the session the outer mount opened', async () => {
    const { user, cart } = storages();
    const shop = new Hono();
    shop.use(honoSession(user)); // the sub-app's own, the same storage
    shop.post('/login', (c) => {
      c.var.session.set('user', 'ada');
      return c.text('signed in');
    });
    const app = new Hono();
    app.use(honoSession(user));
    app.use(async (c, next) => {
      c.var.session.set('seen', true);
      await next();
    });
    app.use('/shop/*', honoSession(cart));
    app.route('/shop', shop);
    await signInKept((request) => app.fetch(request), user);
  });

  it('React Router: the child route\'s own middleware uses the session the root\'s opened', async () => {
    const { user, cart } = storages();
    const stamp = async ({ context }, next) => {
      context.get(sessionContext).set('seen', true);
      return next();
    };
    const build = reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [reactRouterSession(user), stamp] } },
      'routes/shop': { id: 'routes/shop', parentId: 'root', path: 'shop', module: { middleware: [reactRouterSession(cart)] } },
      'routes/shop.login': {
        id: 'routes/shop.login',
        parentId: 'routes/shop',
        path: 'login',
        module: {
          middleware: [reactRouterSession(user)],
          action: ({ context }) => {
            context.get(sessionContext).set('user', 'ada');
            return new Response('signed in');
          },
        },
      },
    });
    const handler = createRequestHandler(build, 'production');
    await signInKept((request) => handler(request), user);
  });
});
