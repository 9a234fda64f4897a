// The sign-in mount inside a cart mount (tests/js/two-cookies-between-mounts*.test.js) puts the sign-in session on
// sessionContext for the whole of next(), and the cart's back only once next() has settled. An action that reads
// its form before it reaches for the session, as every sign-in does, runs after next() has begun and returned its
// promise: were the cart's session put back then, the sign-in would land in the cart cookie and the user would not
// be signed in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createMemorySessionStorage } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const SECRET = 'a-secret-of-at-least-32-characters-long';
const pairOf = (response, name) => response.headers.getSetCookie().find((value) => value.startsWith(`${name}=`))?.split(';')[0];

describe('a child route mount between two cookies: an action that awaits its form first gets the sign-in session', () => {
  it('the sign-in is in the sign-in cookie, nothing of it in the cart cookie', async () => {
    const user = createMemorySessionStorage({ cookie: { name: '__session', secrets: [SECRET], httpOnly: true } });
    const cart = createMemorySessionStorage({ cookie: { name: '__cart', secrets: [SECRET], httpOnly: true } });
    const handler = createRequestHandler(reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(user)] } },
      'routes/shop': { id: 'routes/shop', parentId: 'root', path: 'shop', module: { middleware: [sessionMiddleware(cart)] } },
      'routes/shop.login': {
        id: 'routes/shop.login',
        parentId: 'routes/shop',
        path: 'login',
        module: {
          middleware: [sessionMiddleware(user)],
          action: async ({ request, context }) => {
            const form = await request.formData();
            context.get(sessionContext).set('user', form.get('user'));
            return new Response('signed in');
          },
        },
      },
    }), 'production');
    const posted = await handler(new Request('http://app.test/shop/login', { method: 'POST', body: new URLSearchParams({ user: 'ada' }) }));
    assert.equal(posted.status, 200);
    const userPair = pairOf(posted, '__session');
    assert.ok(userPair, 'the sign-in session is written');
    assert.equal((await user.getSession(userPair)).get('user'), 'ada', 'the sign-in is in the sign-in session');
    const cartPair = pairOf(posted, '__cart');
    if (cartPair !== undefined) assert.equal((await cart.getSession(cartPair)).get('user'), undefined, 'nothing of the sign-in in the cart');
  });
});
