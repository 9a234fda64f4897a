// The app of tests/js/pairwise-journey.test.js behind each entry point (withSession, Hono, React Router with
// v8_middleware, Remix v3), the same in Node and in workerd (tests/workerd/pairwise-worker). No Node-only import.
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookie as createRemixCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session as RemixSession } from '@remix-run/session';
import { session as remixSessionMiddleware } from '@remix-run/session-middleware';
import { csrfToken, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as rrSession } from 'edge-session/react-router';
import { csrf as remixCsrf } from 'edge-session/remix';
import { reactRouterBuild } from '../helpers/react-router-build.js';

export const NAME = '__session';
export const BIG = 'x'.repeat(5000); // a chunked session's value past one cookie
const MAX_AGE = 86_400;

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const seeOther = (to) => new Response(null, { status: 303, headers: { Location: to } });

/** The app, the same under every entry point. */
export function appOf(config, storage) {
  return async function app(request, session) {
    const url = new URL(request.url);
    const name = url.pathname.slice(1);
    const seen = () => ({
      user: session.get('userId') ?? null,
      count: session.get('count') ?? 0,
      flash: session.getFlash('notice') ?? null,
      big: session.get('big') === undefined ? null : session.get('big').length,
    });
    switch (`${request.method} ${name}`) {
      case 'GET about':
        return json({ about: true });
      case 'GET page':
        return json(seen());
      case 'GET form':
        return json({ ...seen(), token: config.csrf === 'off' ? null : csrfToken(session) });
      case 'POST login': {
        const form = await request.formData();
        session.set('userId', String(form.get('user')));
        if (config.storage === 'chunked') session.set('big', BIG);
        if (config.regen === 'on') session.regenerateId(true);
        if (config.flash === 'on') session.flash('notice', `welcome ${form.get('user')}`);
        return seeOther('/page');
      }
      case 'POST change': {
        await request.formData();
        session.set('count', (session.get('count') ?? 0) + 1);
        return json(seen());
      }
      case 'GET list': {
        const user = session.get('userId');
        if (user === undefined) return json({ sessions: null });
        const sessions = await storage.listUserSessions(user, { current: session });
        return json({ sessions: sessions.map((s) => ({ current: s.current === true })) });
      }
      case 'POST revoke': {
        await request.formData();
        const n = await storage.revokeUserSessions(session.get('userId'), { except: session });
        // README: follow the revocation with regenerateId(true), as the example does (a new ID and CSRF secret).
        if (config.regen === 'on') session.regenerateId(true);
        if (config.flash === 'on') session.flash('notice', `signed out of ${n}`);
        return json({ revoked: n });
      }
      case 'POST logout':
        await request.formData();
        session.destroy();
        return seeOther('/about');
    }
    return json({ error: 'no route' }, 404);
  };
}

/** `config`'s app over `storage` behind its entry point: `{ storage, fetch(request, env?, ctx?) }`. */
export function entryOf(config, storage, secrets) {
  const app = appOf(config, storage);
  const csrf = config.csrf === 'off' ? undefined : true;
  switch (config.entry) {
    case 'withSession': {
      const fetch = withSession(storage, (request, { session }) => app(request, session), csrf ? { csrf } : undefined);
      return { storage, fetch: (request, env = {}, ctx = { waitUntil() {}, passThroughOnException() {} }) => fetch(request, env, ctx) };
    }
    case 'hono': {
      const hono = new Hono();
      hono.use(honoSession(storage, csrf ? { csrf } : undefined));
      hono.all('/:name', (c) => app(c.req.raw, c.var.session));
      return { storage, fetch: (request, env, ctx) => hono.fetch(request, env, ctx) };
    }
    case 'reactRouter': {
      const handle = ({ request, context }) => app(request, context.get(sessionContext));
      const handler = createRequestHandler(
        reactRouterBuild({
          root: { id: 'root', path: '', module: { middleware: [rrSession(storage, csrf ? { csrf } : undefined)] } },
          'routes/op': { id: 'routes/op', parentId: 'root', path: ':name', module: { loader: handle, action: handle } },
        }),
      );
      return { storage, fetch: (request) => handler(request) };
    }
    case 'remix': {
      const cookie = createRemixCookie(NAME, { secrets, httpOnly: true, secure: true, sameSite: 'Lax', maxAge: MAX_AGE });
      const middleware = [remixSessionMiddleware(cookie, storage)];
      if (csrf) middleware.push(remixCsrf());
      const router = createRouter({ middleware });
      const handle = ({ request, get }) => app(request, get(RemixSession));
      router.get('/:name', handle);
      router.post('/:name', handle);
      return { storage, fetch: (request) => router.fetch(request) };
    }
  }
  throw new Error(`no entry ${config.entry}`);
}

