// The Worker tests/workerd/do-prefix-upgrade.test.js drives: one Durable Object storage with a keyPrefix, served by
// two versions side by side (a gradual deployment, a rollback) over the same namespace. /new/...: this version;
// /old/...: the version before sessions' objects were named under the keyPrefix (14db2dd), built by the test into
// ./old/ (this library with sessionObjectOf naming `idFromName(id)`, as it did).
import * as current from '../../../js/index.workerd.js';
import * as earlier from './old/js/index.workerd.js';

export { SessionDurableObject } from '../../../js/index.workerd.js';

const VERSIONS = { new: current, old: earlier };
const COOKIE = { name: '__session', secrets: ['one-secret-of-the-app-0123456789abcd'], httpOnly: true };

const handlers = new Map();
function handlerOf(version) {
  if (!handlers.has(version)) {
    const lib = VERSIONS[version];
    const storages = new WeakMap();
    const storageFor = (env) => {
      if (!storages.has(env)) storages.set(env, lib.createDurableObjectSessionStorage({ cookie: COOKIE, userKey: 'userId', keyPrefix: 'app:', namespace: env.SESSIONS_DO }));
      return storages.get(env);
    };
    handlers.set(version, lib.withSession(storageFor, async (request, { session, env }) => {
      const storage = storageFor(env);
      const { pathname, searchParams } = new URL(request.url);
      const action = pathname.split('/')[2];
      if (action === 'login') {
        session.set('userId', searchParams.get('user'));
        return Response.json({ user: searchParams.get('user') });
      }
      if (action === 'me') return Response.json({ user: session.get('userId') ?? null });
      if (action === 'sessions') {
        const listed = await storage.listUserSessions(searchParams.get('user'));
        return Response.json({ ids: listed.map((entry) => entry.id) });
      }
      if (action === 'revoke-all') return Response.json({ ended: await storage.revokeUserSessions(searchParams.get('user')) });
      return new Response('Not found\n', { status: 404 });
    }));
  }
  return handlers.get(version);
}

export default {
  fetch(request, env, ctx) {
    const [, version] = new URL(request.url).pathname.split('/');
    if (!(version in VERSIONS)) return new Response('Not found\n', { status: 404 });
    return handlerOf(version)(request, env, ctx);
  },
};
