// One page, `serve(session, pathname)`, served over `storage` by withSession, the Hono middleware and the React
// Router middleware (a splat route's loader): for tests that check one behaviour under each framework.
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

/** Framework name -> `(storage, serve) => (request) => Promise<Response>`. */
export const FRAMEWORKS = {
  withSession: (storage, serve) => withSession(storage, (request, { session }) => serve(session, new URL(request.url).pathname)),
  Hono: (storage, serve) => {
    const app = new Hono();
    app.use(honoSession(storage));
    app.all('*', (c) => serve(c.get('session'), c.req.path));
    return (request) => app.fetch(request);
  },
  'React Router': (storage, serve) =>
    createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [reactRouterSession(storage)], default: () => null } },
        'routes/any': {
          id: 'routes/any',
          parentId: 'root',
          path: '*',
          module: { loader: ({ request, context }) => serve(context.get(sessionContext), new URL(request.url).pathname) },
        },
      }),
    ),
};
