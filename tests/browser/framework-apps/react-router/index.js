// A React Router 7 app with future.v8_middleware: sessionMiddleware on the root route (a function of the
// middleware's arguments, one storage per env, as README's React Router section says), Workers KV with userKey,
// csrf on. The server build is made by hand (tests/helpers/react-router-build.js); the document renderer renders the
// home route's loader data as HTML, as entry.server renders React.
import { createContext, createRequestHandler, redirect, RouterContextProvider } from 'react-router';
import { createWorkersKVSessionStorage, csrfToken, flashSuccess, getFlashMessages } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../../../helpers/react-router-build.js';
import { ABOUT, html, renderHome, uploaded, USER_KEY, whoAmI } from '../page.js';

const envContext = createContext();
const storages = new WeakMap();
const storageFor = (env) => {
  let storage = storages.get(env);
  if (!storage) {
    storage = createWorkersKVSessionStorage({
      cookie: { name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, secure: true, sameSite: 'lax', maxAge: 3600 },
      kv: env.SESSION_KV,
      userKey: USER_KEY,
    });
    storages.set(env, storage);
  }
  return storage;
};

const page = () => null; // a UI route: the document renderer below draws it
const form = async (request) => Object.fromEntries(await request.formData());
const routes = {
  root: { id: 'root', path: '', module: { default: page, middleware: [sessionMiddleware(({ context }) => storageFor(context.get(envContext)), { csrf: true })] } },
  'routes/home': {
    id: 'routes/home', parentId: 'root', index: true,
    module: {
      default: page,
      loader: ({ context }) => {
        const session = context.get(sessionContext);
        return { user: session.get(USER_KEY), flashes: getFlashMessages(session), sent: session.get('sent') ?? 0, token: csrfToken(session) };
      },
    },
  },
  'routes/me': { id: 'routes/me', parentId: 'root', path: 'me', module: { loader: ({ context }) => whoAmI(context.get(sessionContext)) } },
  'routes/login': {
    id: 'routes/login', parentId: 'root', path: 'login',
    module: {
      default: page,
      action: async ({ request, context }) => {
        const { name } = await form(request);
        const session = context.get(sessionContext);
        await session.regenerateId(true);
        session.set(USER_KEY, name);
        flashSuccess(session, `Signed in as ${name}.`);
        return redirect('/', 303);
      },
    },
  },
  'routes/note': {
    id: 'routes/note', parentId: 'root', path: 'note',
    module: {
      default: page,
      action: async ({ request, context }) => {
        const { message } = await form(request);
        const session = context.get(sessionContext);
        session.set('sent', (session.get('sent') ?? 0) + 1);
        flashSuccess(session, `Got: ${message}`);
        return redirect('/', 303);
      },
    },
  },
  'routes/upload': { id: 'routes/upload', parentId: 'root', path: 'upload', module: { action: async ({ request }) => uploaded(await request.formData()) } },
  'routes/logout': {
    id: 'routes/logout', parentId: 'root', path: 'logout',
    module: { default: page, action: ({ context }) => { context.get(sessionContext).destroy(); return redirect('/', 303); } },
  },
  'routes/logout-others': {
    id: 'routes/logout-others', parentId: 'root', path: 'logout-others',
    module: {
      default: page,
      action: async ({ context }) => {
        const session = context.get(sessionContext);
        const ended = await storageFor(context.get(envContext)).revokeUserSessions(session.get(USER_KEY), { except: session });
        await session.regenerateId(true); // end every copy of this device's cookie too, as the example does
        flashSuccess(session, `Signed out of ${ended} other devices.`);
        return redirect('/', 303);
      },
    },
  },
};

function entry(request, status, headers, routerContext) {
  const data = routerContext.staticHandlerContext.loaderData['routes/home'];
  headers.set('Content-Type', 'text/html; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  const body = data ? renderHome({ ...data, token: () => data.token }) : `<!doctype html><p id="status">${status}</p>`;
  return new Response(body, { status, headers });
}

const handle = createRequestHandler(reactRouterBuild(routes, { entry }), 'production');

export default {
  fetch(request, env) {
    if (new URL(request.url).pathname === '/about') return html(ABOUT);
    const context = new RouterContextProvider();
    context.set(envContext, env);
    return handle(request, context);
  },
};
