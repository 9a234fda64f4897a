// A Hono app as README's Hono section shows it, over the Durable Object storage with userKey, csrf on.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createDurableObjectSessionStorage, csrfToken, flashError, flashSuccess, getFlashMessages } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { ABOUT, html, renderHome, uploaded, USER_KEY, whoAmI } from '../page.js';

export { SessionDurableObject } from 'edge-session';

const storages = new WeakMap();
const storageFor = (env) => {
  let storage = storages.get(env);
  if (!storage) {
    storage = createDurableObjectSessionStorage({
      cookie: { name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, secure: true, sameSite: 'lax', maxAge: 3600 },
      namespace: env.SESSION_DO,
      userKey: USER_KEY,
    });
    storages.set(env, storage);
  }
  return storage;
};

const app = new Hono();
app.get('/about', () => html(ABOUT)); // before the middleware: never reads the session
app.use(sessionMiddleware(storageFor, { csrf: true }));
app.get('/', (c) => {
  const session = c.var.session;
  return html(renderHome({ user: session.get(USER_KEY), flashes: getFlashMessages(session), sent: session.get('sent') ?? 0, token: () => csrfToken(session) }));
});
app.get('/me', (c) => whoAmI(c.var.session));
// README's Hono section: "a thrown HTTPException with a status under 500 (`throw new HTTPException(303, { res:
// c.redirect('/login', 303) })`) is an answer": a guard that sends a signed-out visitor to the sign-in page with a flash.
app.get('/account', (c) => {
  if (!c.var.session.get(USER_KEY)) {
    flashError(c.var.session, 'Please sign in.');
    throw new HTTPException(303, { res: c.redirect('/', 303) });
  }
  return whoAmI(c.var.session);
});
app.post('/login', async (c) => {
  const name = String((await c.req.parseBody()).name ?? '');
  const session = c.var.session;
  await session.regenerateId(true);
  session.set(USER_KEY, name);
  flashSuccess(session, `Signed in as ${name}.`);
  return c.redirect('/', 303);
});
app.post('/note', async (c) => {
  const session = c.var.session;
  session.set('sent', (session.get('sent') ?? 0) + 1);
  flashSuccess(c.var.session, `Got: ${(await c.req.parseBody()).message}`);
  return c.redirect('/', 303);
});
app.post('/upload', async (c) => uploaded(await c.req.formData()));
app.post('/logout', (c) => {
  c.var.session.destroy();
  return c.redirect('/', 303);
});
app.post('/logout-others', async (c) => {
  const session = c.var.session;
  const ended = await storageFor(c.env).revokeUserSessions(session.get(USER_KEY), { except: session });
  await session.regenerateId(true); // end every copy of this device's cookie too, as the example does
  flashSuccess(session, `Signed out of ${ended} other devices.`);
  return c.redirect('/', 303);
});
export default app;
