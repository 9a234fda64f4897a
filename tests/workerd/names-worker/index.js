// A Worker for tests/workerd/build-names.test.js: what a bundler's renaming (minify, keep_names off) can change.
import {
  createCookieSessionStorage, createDurableObjectSessionStorage, createWorkersKVSessionStorage, withSession,
  CookieTooLargeError, EdgeSessionError, SessionDataError,
} from 'edge-session';

// The Durable Object class re-exported under another name, bound by that name.
export { SessionDurableObject as AppSessions } from 'edge-session';

const storages = new WeakMap();
function storagesOf(env) {
  let made = storages.get(env);
  if (!made) {
    const cookie = { name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, secure: true, maxAge: 3600 };
    made = {
      cookie: createCookieSessionStorage({ cookie }),
      kv: createWorkersKVSessionStorage({ kv: env.SESSIONS_KV, cookie, userKey: 'user' }),
      do: createDurableObjectSessionStorage({ namespace: env.SESSIONS_DO, cookie, userKey: 'user' }),
    };
    storages.set(env, made);
  }
  return made;
}

function described(error) {
  return {
    name: error.name,
    constructorName: error.constructor.name,
    code: error.code,
    shown: String(error).split(':')[0],
    stackHead: String(error.stack).split(':')[0],
    isEdgeSessionError: error instanceof EdgeSessionError,
  };
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const [, store, action] = url.pathname.split('/');
    if (action === 'too-large') {
      const storage = storagesOf(env).cookie;
      const session = await storage.getSession(null);
      session.set('big', 'x'.repeat(8000));
      try {
        await storage.commitSession(session);
        return Response.json({ thrown: null });
      } catch (error) {
        return Response.json({ thrown: described(error), isTooLarge: error instanceof CookieTooLargeError });
      }
    }
    if (action === 'bad-value') {
      const session = await storagesOf(env).cookie.getSession(null);
      try {
        session.set('f', () => {});
        return Response.json({ thrown: null });
      } catch (error) {
        return Response.json({ thrown: described(error), isDataError: error instanceof SessionDataError });
      }
    }
    return withSession(storagesOf(env)[store], async (req, { session }) => {
      if (action === 'login') {
        session.set('user', 'ada');
        session.regenerateId?.(true);
      }
      if (action === 'logout') session.destroy();
      if (action === 'count') session.set('n', (session.get('n') ?? 0) + 1);
      return Response.json({ user: session.get('user') ?? null, n: session.get('n') ?? 0 });
    })(request, env, ctx);
  },
};
