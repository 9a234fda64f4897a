// A Remix v3 app as README's Remix v3 section shows it: one router per env, Remix's session(cookie, storage) and
// edge-session/remix's csrf() after it, over the Durable Object storage with userKey.
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as sessionMiddleware } from '@remix-run/session-middleware';
import { createDurableObjectSessionStorage, flashSuccess, getFlashMessages } from 'edge-session';
import { csrf, csrfToken } from 'edge-session/remix';
import { ABOUT, html, renderHome, seeOther, uploaded, USER_KEY, whoAmI } from '../page.js';

export { SessionDurableObject } from 'edge-session';

const routers = new WeakMap();
function routerFor(env) {
  let router = routers.get(env);
  if (router) return router;
  const cookie = createCookie('__session', { secrets: [env.SESSION_SECRET], httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 3600 });
  const storage = createDurableObjectSessionStorage({ cookie: { secrets: [env.SESSION_SECRET], maxAge: 3600 }, namespace: env.SESSION_DO, userKey: USER_KEY });
  router = createRouter({ middleware: [sessionMiddleware(cookie, storage), csrf()] });
  const form = async (request) => Object.fromEntries(await request.formData());
  router.get('/', ({ get }) => {
    const session = get(Session);
    return html(renderHome({ user: session.get(USER_KEY), flashes: getFlashMessages(session), sent: session.get('sent') ?? 0, token: () => csrfToken(session) }));
  });
  router.get('/me', ({ get }) => whoAmI(get(Session)));
  router.post('/login', async ({ get, request }) => {
    const { name } = await form(request);
    const session = get(Session);
    session.regenerateId(true);
    session.set(USER_KEY, name);
    flashSuccess(session, `Signed in as ${name}.`);
    return seeOther('/');
  });
  router.post('/note', async ({ get, request }) => {
    const { message } = await form(request);
    const session = get(Session);
    session.set('sent', (session.get('sent') ?? 0) + 1);
    flashSuccess(session, `Got: ${message}`);
    return seeOther('/');
  });
  router.post('/upload', async ({ request }) => uploaded(await request.formData()));
  router.post('/logout', ({ get }) => {
    get(Session).destroy();
    return seeOther('/');
  });
  router.post('/logout-others', async ({ get }) => {
    const session = get(Session);
    const ended = await storage.revokeUserSessions(session.get(USER_KEY), { except: session });
    session.regenerateId(true); // end every copy of this device's cookie too, as the example does
    flashSuccess(session, `Signed out of ${ended} other devices.`);
    return seeOther('/');
  });
  routers.set(env, router);
  return router;
}

export default {
  fetch(request, env) {
    if (new URL(request.url).pathname === '/about') return html(ABOUT);
    return routerFor(env).fetch(request);
  },
};
