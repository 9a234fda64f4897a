// The React Router routes the CSRF tests share: a loader that answers the session's token as text (what a form page
// puts in `_csrf`), and an app of one index route whose loader is that and whose action the test gives.
import { createRequestHandler } from 'react-router';
import { csrfToken } from 'edge-session';
import { sessionContext } from 'edge-session/react-router';
import { reactRouterBuild } from './react-router-build.js';

/** A route loader answering a token for the session the middleware put in the context. */
export const tokenLoader = ({ context }) => new Response(csrfToken(context.get(sessionContext)));

/**
 * A request handler with `middleware` on its root and one index route: GET / answers a token, POST / runs `action`.
 * Documents are not rendered (a 500 says a test reached one).
 * @param {Function} middleware the session middleware under test
 * @param {Function} action the index route's action
 */
export function tokenIndexApp(middleware, action) {
  return createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [middleware] } },
    'routes/index': { id: 'routes/index', parentId: 'root', index: true, module: { loader: tokenLoader, action } },
  }, { entry: () => new Response('no documents here', { status: 500 }) }));
}
