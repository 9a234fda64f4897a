// Worker entry: checks the configuration, then runs the routes inside a session.
// `edge-session` resolves to this repository's own package (package self-reference via its "exports";
// wrangler's esbuild picks the `workerd` condition), so this is exactly the code a user's Worker would run.
import { withSession } from 'edge-session';
import { withinBodyLimit } from './body-limit.js';
import { plainText } from './responses.js';
import { route, routeWithoutSession } from './routes.js';
import { sessionConfigProblem, sessionStorageFor } from './session-storage.js';

// The Durable Object class behind SESSION_STORE=do (bound as SESSION_DO in wrangler.toml).
export { SessionDurableObject } from 'edge-session';

// csrf: a POST without the token its form carries, or from another site, is answered 403 before any route runs.
// The routes that list and revoke a user's sessions reach the same storage through sessionStorageFor(env).
const handleWithSession = withSession(sessionStorageFor, route, { csrf: true });

export default {
  async fetch(request, env, ctx) {
    const problem = sessionConfigProblem(env);
    if (problem !== null) {
      console.error(problem);
      return plainText(`Server misconfigured.\n${problem}\n`, 500);
    }
    const answered = routeWithoutSession(request);
    if (answered) return answered;
    const bounded = await withinBodyLimit(request); // before the session is read: a 413 sets no cookie
    return bounded instanceof Response ? bounded : handleWithSession(bounded, env, ctx);
  },
};
