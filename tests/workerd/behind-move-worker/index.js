// Test Worker of tests/workerd/do-hand-commit-behind-move.test.js: /<front>/<action>, front one of ws (withSession, userKey), wn
// (withSession, no userKey), hono (userKey), remix (Remix v3 session middleware, userKey). JSON of what it saw and did.
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session as RemixSession } from '@remix-run/session';
import { session as remixSessionMiddleware } from '@remix-run/session-middleware';
import { Hono } from 'hono';
import { createDurableObjectSessionStorage, csrfToken, SessionDurableObject, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as routerSession } from 'edge-session/react-router';
import { createContext, createRequestHandler, RouterContextProvider } from 'react-router';
import { reactRouterBuild } from '../../helpers/react-router-build.js';

export { SessionDurableObject };

const USER_KEY = 'userId';
const cookie = (env, name) => ({ name, secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 3600 });
const storages = new Map();
const storageOf = (env, front) => {
  if (!storages.has(front)) {
    const noKey = front === 'wn';
    storages.set(front, createDurableObjectSessionStorage({ cookie: cookie(env, front), namespace: env.SESSIONS_DO, ...(noKey ? {} : { userKey: USER_KEY }) }));
  }
  return storages.get(front);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The action on `session`; a Response (JSON) or an object to answer with. */
async function act(front, action, url, session, storage) {
  const delay = Number(url.searchParams.get('delay') ?? 0);
  const seen = { readId: session.id, user: session.get(USER_KEY) ?? null, flash: session.getFlash('msg') ?? null, counter: session.get('counter') ?? 0 };
  if (delay) await sleep(delay);
  const out = { ...seen, action };
  const headers = new Headers();
  switch (action) {
    case 'state':
      break;
    case 'signin':
      await session.regenerateId(true);
      session.set(USER_KEY, url.searchParams.get('user'));
      break;
    case 'signin-set': // a sign-in that only sets the user
      session.set(USER_KEY, url.searchParams.get('user'));
      break;
    case 'inc':
      session.set('counter', (session.get('counter') ?? 0) + 1);
      break;
    case 'flash':
      session.flash('msg', url.searchParams.get('v'));
      break;
    case 'csrf':
      out.token = csrfToken(session);
      break;
    case 'logout':
      session.destroy();
      break;
    case 'logout-others':
      if (seen.user === null) break;
      out.ended = await storage.revokeUserSessions(seen.user, { except: session });
      await session.regenerateId(true);
      break;
    case 'hand-flash': // React Router's idiom: commit by hand, its header in the response
      session.flash('msg', url.searchParams.get('v'));
      headers.append('Set-Cookie', await storage.commitSession(session));
      break;
    case 'hand-signin':
      await session.regenerateId(true);
      session.set(USER_KEY, url.searchParams.get('user'));
      headers.append('Set-Cookie', await storage.commitSession(session));
      break;
    case 'hand-flash-then-signin': // a first commit by hand, then a sign-in the lifecycle commits
      session.flash('msg', 'first');
      headers.append('Set-Cookie', await storage.commitSession(session));
      await session.regenerateId(true);
      session.set(USER_KEY, url.searchParams.get('user'));
      break;
    case 'hand-flash-then-logout': // a hand commit, then a logout the lifecycle makes
      session.flash('msg', 'first');
      headers.append('Set-Cookie', await storage.commitSession(session));
      session.destroy();
      break;
    case 'hand-twice': // two commits by hand in a row, both headers in the response
      session.flash('msg', 'one');
      headers.append('Set-Cookie', await storage.commitSession(session));
      session.set('counter', (session.get('counter') ?? 0) + 1);
      headers.append('Set-Cookie', await storage.commitSession(session));
      break;
    case 'hand-then-inc': // a hand commit, then a change the lifecycle writes
      session.flash('msg', 'one');
      headers.append('Set-Cookie', await storage.commitSession(session));
      session.set('counter', (session.get('counter') ?? 0) + 1);
      break;
    case 'hand-then-hand-signin': // a hand commit, then a sign-in committed by hand too
      session.flash('msg', 'one');
      headers.append('Set-Cookie', await storage.commitSession(session));
      await session.regenerateId(true);
      session.set(USER_KEY, url.searchParams.get('user'));
      headers.append('Set-Cookie', await storage.commitSession(session));
      break;
    case 'hand-then-hand-logout': // a hand commit, then a logout by hand
      session.flash('msg', 'one');
      headers.append('Set-Cookie', await storage.commitSession(session));
      headers.append('Set-Cookie', await storage.destroySession(session));
      break;
    case 'hand-then-signin-set': // a hand commit, then a sign-in (userKey only) the lifecycle commits
      session.flash('msg', 'one');
      headers.append('Set-Cookie', await storage.commitSession(session));
      session.set(USER_KEY, url.searchParams.get('user'));
      break;
    case 'hand-then-500': // a hand commit, then the handler answers a 500 of its own, the header in it
      session.flash('msg', 'one');
      headers.append('Set-Cookie', await storage.commitSession(session));
      return Response.json({ ...out, failed: true }, { status: 500, headers });
    case 'hand-redirect': { // a hand commit on a redirect (Response.redirect: immutable headers)
      session.flash('msg', 'one');
      const setCookie = await storage.commitSession(session);
      return new Response(null, { status: 303, headers: { Location: '/', 'Set-Cookie': setCookie } });
    }
    case 'list': {
      const user = url.searchParams.get('user') ?? seen.user;
      out.listed = (await storage.listUserSessions(user, { current: session })).map(({ id, current }) => ({ id, current: !!current }));
      break;
    }
    default:
      return new Response('Not found\n', { status: 404 });
  }
  return Response.json(out, { headers });
}

const withSessions = new Map();
const withSessionOf = (front) => {
  if (!withSessions.has(front)) {
    withSessions.set(front, withSession((env) => storageOf(env, front), (request, { session, env }) => {
      const url = new URL(request.url);
      return act(front, url.pathname.split('/')[2], url, session, storageOf(env, front));
    }));
  }
  return withSessions.get(front);
};

const hono = new Hono({ strict: false }).basePath('/hono');
hono.use(honoSession((env) => storageOf(env, 'hono')));
// Hono's idiom: the hand commit's header set on the context (c.header), then the route fails: Hono's error handler
// answers on that context, its headers kept.
hono.post('/hand-then-throw', async (c) => {
  c.var.session.flash('msg', 'one');
  c.header('Set-Cookie', await storageOf(c.env, 'hono').commitSession(c.var.session), { append: true });
  throw new Error('the route failed after its hand commit');
});
hono.post('/:action', (c) => act('hono', c.req.param('action'), new URL(c.req.url), c.var.session, storageOf(c.env, 'hono')));

// React Router 7 with future.v8_middleware: edge-session/react-router's middleware, a resource route's action.
const rrBuild = reactRouterBuild(
  {
    root: { id: 'root', path: '', module: { middleware: [routerSession(({ context }) => storageOf(context.get(envContext), 'rr'))] } },
    'routes/act': {
      id: 'routes/act',
      parentId: 'root',
      path: 'rr/:action',
      module: {
        action: ({ request, context, params }) =>
          act('rr', params.action, new URL(request.url), context.get(sessionContext), storageOf(context.get(envContext), 'rr')),
      },
    },
  },
  { entry: () => new Response('no documents here', { status: 500 }) },
);
const envContext = createContext();
const handleRouterRequest = createRequestHandler(rrBuild, 'production');

const remixRouters = new WeakMap();
function remixOf(env) {
  let router = remixRouters.get(env);
  if (router) return router;
  const remixCookie = createCookie('remix', { secrets: [env.SESSION_SECRET], httpOnly: true, sameSite: 'lax' });
  router = createRouter({ middleware: [remixSessionMiddleware(remixCookie, storageOf(env, 'remix'))] });
  router.post('/remix/:action', ({ get, url, params }) => act('remix', params.action, url, get(RemixSession), storageOf(env, 'remix')));
  remixRouters.set(env, router);
  return router;
}

export default {
  async fetch(request, env, ctx) {
    const front = new URL(request.url).pathname.split('/')[1];
    if (front === 'ws' || front === 'wn') return withSessionOf(front)(request, env, ctx);
    if (front === 'hono') return hono.fetch(request, env, ctx);
    if (front === 'remix') return remixOf(env).fetch(request);
    if (front === 'rr') {
      const context = new RouterContextProvider();
      context.set(envContext, env);
      return handleRouterRequest(request, context);
    }
    return new Response('Not found\n', { status: 404 });
  },
};
