// Type-checked by `npm test` (tsc, tsconfig.json): mounting edge-session/hono's middleware keeps the app's own
// Bindings typed in the handlers after it. Regression (types review): given a storage (as the README advises under
// Node, and as most apps do), the middleware's Bindings were `any`, which Hono's chained types intersect with the
// app's, so `c.env` became `any` after it: a misspelt binding type-checked and was undefined at run time.
import { Hono } from 'hono';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware, type SessionVariables } from 'edge-session/hono';

interface Env {
  SESSION_SECRET: string;
  COUNT: number;
}
const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] } });

export const chained = new Hono<{ Bindings: Env }>()
  .use(sessionMiddleware(storage))
  .get('/', (c) => {
    // @ts-expect-error: COUNT is a number
    const count: string = c.env.COUNT;
    // @ts-expect-error: no such binding
    void c.env.SESION_SECRET;
    return c.text(`${String(c.var.session.get('visits'))} ${count}`);
  });

const perRoute = new Hono<{ Bindings: Env }>();
perRoute.get('/x', sessionMiddleware(storage), (c) => {
  // @ts-expect-error: no such binding
  void c.env.SESION_SECRET;
  return c.text(String(c.get('session').get('visits')));
});

// A factory of a typed env still carries its Bindings; an untyped one does not erase the app's.
export const factoryChained = new Hono<{ Bindings: Env }>()
  .use(sessionMiddleware((env: Env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } })))
  .use(sessionMiddleware((env) => (env ? storage : storage)))
  .get('/', (c) => {
    // @ts-expect-error: no such binding
    void c.env.SESION_SECRET;
    return c.text(c.env.SESSION_SECRET);
  });

// The README's form: the app declares the Variables itself.
const declared = new Hono<{ Bindings: Env; Variables: SessionVariables }>();
declared.use(sessionMiddleware(storage));
declared.get('/', (c) => c.text(String(c.var.session.get('visits'))));
void [perRoute, declared];
