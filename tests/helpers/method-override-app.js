// The app the CSRF tests of Hono's methodOverride run against: withSession(csrf) around a Hono app (README "Nested
// calls") whose /posts/* routes are overridden by methodOverride, whose GET /form answers the session's token, and
// whose DELETE /posts/:id notes each run.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { methodOverride } from 'hono/method-override';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

export const ORIGIN = 'https://app.example.com';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-at-least-32-characters-long'], httpOnly: true } });

/**
 * Such an app: methodOverride(`override`) on /posts/*, cors(`corsOptions`) before it (`corsFirst`) or after it;
 * `deleted` holds the IDs DELETE ran for, `session()` gets a session's cookie pair and form token.
 */
export function overriddenApp(override, { corsOptions, corsFirst = true, csrf = true } = {}) {
  const deleted = [];
  const app = new Hono();
  if (corsOptions && corsFirst) app.use('*', cors(corsOptions));
  app.use('/posts/*', methodOverride({ app, ...override }));
  if (corsOptions && !corsFirst) app.use('*', cors(corsOptions));
  app.get('/form', (c) => c.text(csrfToken(c.env.session)));
  app.delete('/posts/:id', (c) => {
    deleted.push(c.req.param('id'));
    return c.text('deleted');
  });
  const fetch = withSession(storage, app.fetch, { csrf });
  /** The session's cookie pair and its form token. */
  const session = async () => {
    const form = await fetch(new Request(`${ORIGIN}/form`));
    return { cookie: form.headers.getSetCookie()[0].split(';')[0], token: await form.text() };
  };
  return { fetch, deleted, session };
}
