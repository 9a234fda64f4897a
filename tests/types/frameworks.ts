// Type-checked by `npm test` (tsc): the Hono and React Router entries type what users write.
import { Hono } from 'hono';
import { createRequestHandler, RouterContextProvider, type LoaderFunctionArgs, type ServerBuild } from 'react-router';
import { createCookieSessionStorage, withSession, type Session } from 'edge-session';
import { sessionMiddleware as honoSession, type SessionVariables } from 'edge-session/hono';
import { sessionContext, sessionMiddleware, sessionRouterContext } from 'edge-session/react-router';

interface Env {
  SESSION_SECRET: string;
}
type Data = { visits: number };

const app = new Hono<{ Bindings: Env; Variables: SessionVariables<Data> }>();
app.use(honoSession((env: Env) => createCookieSessionStorage<Data>({ cookie: { secrets: [env.SESSION_SECRET] } })));
app.get('/', (c) => {
  const visits: number | undefined = c.var.session.get('visits');
  c.get('session').set('visits', (visits ?? 0) + 1);
  // @ts-expect-error: a value of the wrong type
  c.var.session.set('visits', 'many');
  return c.text('ok');
});

const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'] } });
export const middleware = [sessionMiddleware(storage), sessionMiddleware(({ request }) => (request.url ? storage : storage))];
export function loader({ context }: LoaderFunctionArgs) {
  const session: Session = context.get(sessionContext);
  return { user: session.get('user') as string | undefined };
}
const context: RouterContextProvider = sessionRouterContext(await storage.getSession(null));
// @ts-expect-error: sessionMiddleware takes a storage
sessionMiddleware('not a storage');
void [app, context];

// Without middleware (React Router 7's default), withSession's context is the load context (README "React Router").
// Regression: SessionContext was an interface, which React Router's AppLoadContext (an index signature) refused.
declare const build: ServerBuild;
const requestHandler = createRequestHandler(build, 'production');
export const withoutMiddleware = withSession(
  (env: Env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } }),
  (request, loadContext) => requestHandler(request, loadContext),
);
