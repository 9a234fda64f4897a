// Test Worker for a user's sessions (issue 14). Routes are /<store>/<action>, stores:
//   do, kv (server-side, userKey 'userId') · cookie-kv, cookie-do (cookie sessions, revocation { kv } / { namespace })
//   do-acme, cookie-do-acme: the same Durable Object and namespace-revocable cookie storages under keyPrefix 'acme:'
// actions (all through withSession; each answers JSON { user, id }):
//   POST login?user=      sets userId (a sign-in)
//   GET  me               the session's user
//   POST incr             changes the session
//   POST logout           destroys the session (a sign-out)
//   POST hold?ms=         reads the session, waits ms, then changes it (a request racing a revocation)
//   GET  list?user=       listUserSessions (server-side stores), this session flagged current
//   POST revoke?user=&except=1   revokeUserSessions, keeping this session with except=1
//   POST revoke-all       revokes this session's user, this session too, then destroys it; answers how long it took
//   POST twin-login?user=&then=   (kv) signs `user` in through a second Session of the cookie (getSession),
//                         committed by hand, then signs `then` in (or logs out: then=logout) through the request's
// and, without withSession, as a React Router action calls the storage:
//   POST /<store>/direct-commits?count=&hold=&gap=&last=destroy   getSession; waits `hold` ms, commits; then for
//                         each further commit waits `gap` ms and commits (or, last=destroy, logs out); answers
//                         [{ at, outcome }] (ms since the request began; outcome 'commit', 'destroy' or an error code)
import {
  createCookieSessionStorage,
  createDurableObjectSessionStorage,
  createWorkersKVSessionStorage,
  SessionDurableObject,
} from 'edge-session';
import { storagesByName } from '../storages-by-name.js';

export { SessionDurableObject };

const cookie = (env) => ({ name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 3600 });

const STORAGES = {
  do: (env) => createDurableObjectSessionStorage({ cookie: cookie(env), namespace: env.SESSIONS_DO, userKey: 'userId' }),
  kv: (env) => createWorkersKVSessionStorage({ cookie: cookie(env), kv: env.SESSIONS_KV, userKey: 'userId' }),
  'cookie-kv': (env) => createCookieSessionStorage({ cookie: cookie(env), userKey: 'userId', revocation: { kv: env.SESSIONS_KV } }),
  'cookie-do': (env) => createCookieSessionStorage({ cookie: cookie(env), userKey: 'userId', revocation: { namespace: env.SESSIONS_DO } }),
  // Another app over the same namespace, under its keyPrefix: its Durable Object sessions and its cookie sessions.
  'do-acme': (env) => createDurableObjectSessionStorage({ cookie: cookie(env), namespace: env.SESSIONS_DO, userKey: 'userId', keyPrefix: 'acme:' }),
  'cookie-do-acme': (env) => createCookieSessionStorage({ cookie: cookie(env), userKey: 'userId', revocation: { namespace: env.SESSIONS_DO, keyPrefix: 'acme:' } }),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function action(request, { session, storage }) {
  const url = new URL(request.url);
  const name = url.pathname.split('/')[2];
  const user = url.searchParams.get('user');
  const state = (extra = {}) => Response.json({ user: session.destroyed ? null : (session.get('userId') ?? null), id: session.id, ...extra });
  switch (`${request.method} ${name}`) {
    case 'POST login':
      session.set('userId', user);
      return state();
    case 'GET me':
      return state();
    case 'POST incr':
      session.set('count', (session.get('count') ?? 0) + 1);
      return state();
    case 'POST logout':
      session.destroy();
      return state();
    case 'POST hold':
      await sleep(Number(url.searchParams.get('ms')));
      session.set('count', (session.get('count') ?? 0) + 1);
      return state();
    case 'GET list':
      return Response.json(await storage.listUserSessions(user, { current: session }));
    case 'POST revoke': {
      const ended = await storage.revokeUserSessions(user, url.searchParams.get('except') ? { except: session } : {});
      return state({ ended });
    }
    case 'POST twin-login': {
      const twin = await storage.getSession(request.headers.get('Cookie'));
      twin.set('userId', user);
      await storage.commitSession(twin);
      const then = url.searchParams.get('then');
      if (then === 'logout') session.destroy();
      else session.set('userId', then);
      return state();
    }
    case 'POST revoke-all': {
      const started = Date.now();
      const ended = await storage.revokeUserSessions(session.get('userId'));
      const tookMs = Date.now() - started;
      session.destroy();
      return state({ ended, tookMs });
    }
    default:
      return Response.json({ error: 'not found' }, { status: 404 });
  }
}

const { handlers, storageFor } = storagesByName(STORAGES, action);

/** POST /<store>/direct-commits: one request's commits by hand, timed (see above). */
async function directCommits(request, storage) {
  const url = new URL(request.url);
  const number = (name) => Number(url.searchParams.get(name) ?? 0);
  const began = Date.now();
  const outcomes = [];
  let header;
  const session = await storage.getSession(request.headers.get('Cookie'));
  try {
    for (let i = 0; i < Math.max(1, number('count')); i++) {
      await sleep(number(i === 0 ? 'hold' : 'gap'));
      const logout = i > 0 && url.searchParams.get('last') === 'destroy';
      if (!logout) session.set('n', i);
      header = await (logout ? storage.destroySession(session) : storage.commitSession(session));
      outcomes.push({ at: Date.now() - began, outcome: logout ? 'destroy' : 'commit' });
    }
  } catch (error) {
    outcomes.push({ at: Date.now() - began, outcome: error?.code ?? String(error) });
  } finally {
    session.dispose();
  }
  return Response.json(outcomes, header ? { headers: { 'Set-Cookie': header } } : {});
}

export default {
  fetch(request, env, ctx) {
    const [, store, name] = new URL(request.url).pathname.split('/');
    if (name === 'direct-commits' && STORAGES[store]) return directCommits(request, storageFor(store, env));
    const handler = handlers[store];
    return handler ? handler(request, env, ctx) : Response.json({ error: 'no such store' }, { status: 404 });
  },
};
