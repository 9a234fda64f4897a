// A Worker for tests/workerd/oldest-compatibility-date.test.js: a session written and read again under the
// oldest compatibility_date the README names (2025-05-05: WeakRef and FinalizationRegistry), through withSession.
import { createCookieSessionStorage, withSession } from 'edge-session';

export default {
  fetch: withSession(
    (env) => createCookieSessionStorage({ cookie: { secrets: [env.SESSION_SECRET] } }),
    async (request, { session }) => {
      session.set('visits', (session.get('visits') ?? 0) + 1);
      return Response.json({ visits: session.get('visits'), weakRef: typeof WeakRef, registry: typeof FinalizationRegistry });
    },
  ),
};
