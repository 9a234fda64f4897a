// Hono apps the logout tests share: a parent app with a "last seen" middleware of its own and a sub-app mounted
// under /account (Hono's app.mount gives the sub-app a Request of its own, so its session middleware opens a copy).
import { Hono } from 'hono';
import { sessionMiddleware as honoSession } from 'edge-session/hono';

/**
 * A middleware of the app's own: a signed-in session gets a "last seen" stamp committed by hand before next(), its
 * header appended to the response after it.
 */
export function lastSeen(storage) {
  return async (c, next) => {
    const session = c.get('session');
    const header = session.get('user') ? (session.set('seen', 1), await storage.commitSession(session)) : undefined;
    await next();
    if (header) c.res.headers.append('Set-Cookie', header);
  };
}

/** The parent app's fetch: the session middleware, lastSeen, /login (ada), /me, and `account` under /account. */
export function appMountingAccount(storage, account) {
  const hono = new Hono();
  hono.use(honoSession(storage));
  hono.use(lastSeen(storage));
  hono.post('/login', (c) => (c.get('session').set('user', 'ada'), c.text('in')));
  hono.get('/me', (c) => c.json({ user: c.get('session').get('user') ?? null }));
  hono.mount('/account', account.fetch);
  return (request) => hono.fetch(request);
}
