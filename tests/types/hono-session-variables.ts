// Type-checked by `npm test` (tsc, tsconfig.json and tsconfig.strictest.json): the ways apps extend and use
// edge-session/hono's SessionVariables with the hono in node_modules, after it became a type (ca3fc41): an interface of
// the app's extending it with its own variables, typed session data, `c.var.session` in handlers after
// `app.use(sessionMiddleware(...))`, and the `Env` interface `wrangler types` writes (a namespace's interface
// extended). Written by the adversarial pass on ca3fc41 (s38).
import { Hono } from 'hono';
import { createCookieSessionStorage, type Session, type SessionData } from 'edge-session';
import { sessionMiddleware, type SessionVariables } from 'edge-session/hono';

// What `wrangler types` writes (worker-configuration.d.ts): an interface in a namespace, and a global one extending it.
declare namespace Cloudflare {
  interface Env {
    SESSION_SECRET: string;
  }
}
interface Env extends Cloudflare.Env {}

interface User {
  id: string;
}
// An app's own variables beside the session's, as an interface extending SessionVariables.
interface AppVariables extends SessionVariables {
  user: User | undefined;
}
type Cart = { items: string[]; visits: number };

const factory = (env: Env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } });

// The README's form, Bindings the wrangler interface, Variables the app's interface.
const app = new Hono<{ Bindings: Env; Variables: AppVariables }>();
app.use(sessionMiddleware(factory));
app.use(async (c, next) => {
  c.set('user', c.var.session.get('userId') === undefined ? undefined : { id: String(c.var.session.get('userId')) });
  await next();
});
app.get('/', (c) => {
  const session: Session<SessionData> = c.var.session;
  const user: User | undefined = c.var.user;
  // @ts-expect-error: no such binding
  void c.env.SESION_SECRET;
  return c.text(`${String(session.get('visits'))} ${user?.id ?? ''} ${c.env.SESSION_SECRET}`);
});

// Typed data: chained, c.var.session is Session<Cart> with no declaration at all.
export const typed = new Hono<{ Bindings: Env }>()
  .use(sessionMiddleware((env: Env) => createCookieSessionStorage<Cart>({ cookie: { secrets: [env.SESSION_SECRET] } })))
  .get('/', (c) => {
    const visits: number | undefined = c.var.session.get('visits');
    // @ts-expect-error: a Cart has no such key
    c.var.session.get('nope');
    return c.text(String(visits));
  });

// Typed data declared on the app, through an interface extending SessionVariables<Cart>.
interface CartVariables extends SessionVariables<Cart> {
  requestId: string;
}
const shop = new Hono<{ Bindings: Env; Variables: CartVariables }>();
shop.use(sessionMiddleware<Env, Cart>((env) => createCookieSessionStorage<Cart>({ cookie: { secrets: [env.SESSION_SECRET] } })));
shop.get('/', (c) => {
  const items: string[] | undefined = c.var.session.get('items');
  const id: string = c.var.requestId;
  return c.text(`${items?.length ?? 0} ${id}`);
});

// A sub-app of the wrangler Env mounted under the main app.
const api = new Hono<{ Bindings: Env; Variables: SessionVariables }>();
api.get('/me', (c) => c.json({ visits: c.var.session.get('visits') ?? null }));
app.route('/api', api);

export default app;
void shop;
