// Type-checked by `npm test` (tsc, tsconfig.json and tsconfig.strictest.json): withSession and the Hono and React
// Router middlewares take a storage of the app's own that forwards getSession, commitSession and destroySession
// (and commitSessionHeaders) to ours, for logging or metrics, as the run time serves it (request-lifecycle.js
// isStorage; tests/js/wrapped-storage-cookie.test.js and its neighbours pin how such a storage is served). The
// session's data stays typed through it, and React Router's own storage is still refused (README React Router: its
// sessions are not ours). Regression (s48 types pass): the types asked every storage for Remix v3's read and save,
// which these middlewares never call, so such a wrapper was a type error.
import { Hono } from 'hono';
import { createCookieSessionStorage as createReactRouterStorage } from 'react-router';
import { createCookieSessionStorage, withSession, type Session } from 'edge-session';
import { sessionMiddleware as honoSession, type SessionVariables } from 'edge-session/hono';
import { sessionMiddleware } from 'edge-session/react-router';

type Data = { visits: number };
const base = createCookieSessionStorage<Data>({ cookie: { secrets: ['s3cr3t'] }, chunks: 4 });

/** An app's wrapper: the storage's methods, timed. */
const timed = {
  getSession: async (header?: string | null) => {
    const started = Date.now();
    const session = await base.getSession(header);
    console.log('read', Date.now() - started);
    return session;
  },
  commitSession: (session: Session<Data>) => base.commitSession(session),
  destroySession: (session: Session<Data>) => base.destroySession(session),
  commitSessionHeaders: (session: Session<Data>) => base.commitSessionHeaders(session),
};

export const worker = {
  fetch: withSession(timed, (request, { session }) => {
    session.set('visits', (session.get('visits') ?? 0) + 1);
    // @ts-expect-error: a value of the wrong type, through the wrapper too
    session.set('visits', 'many');
    return new Response('ok');
  }),
};
export const factory = withSession((env: { SECRET: string }) => (env.SECRET ? timed : timed), () => new Response('ok'));

const app = new Hono<{ Variables: SessionVariables<Data> }>();
app.use(honoSession(timed));
export const middleware = [sessionMiddleware(timed)];

// React Router's storage hands out React Router's sessions, which the lifecycle refuses.
const reactRouterStorage = createReactRouterStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
// @ts-expect-error: not an edge-session storage
withSession(reactRouterStorage, () => new Response('ok'));
// @ts-expect-error: nor is an object with getSession alone (the lifecycle commits through commitSession)
withSession({ getSession: timed.getSession }, () => new Response('ok'));
void app;
