// Regression (second review of the parking of sessions): many requests through each adapter where the handler throws / returns a 5xx / the client aborts:
// liveSessionCount stays bounded (finally paths free the request's session; Remix's read() sessions are parked).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createRequestHandler } from 'react-router';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session as RemixSession } from '@remix-run/session';
import { session as remixSessionMiddleware } from '@remix-run/session-middleware';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as rrSession } from 'edge-session/react-router';
import { loadCore } from '../../js/loader.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const N = 600;
const secrets = ['s3cr3t'];
const quietly = async (f) => {
  const e = console.error;
  const w = console.warn;
  console.error = () => {};
  console.warn = () => {};
  try { return await f(); } finally { console.error = e; console.warn = w; }
};

async function header(storage) {
  const seed = await storage.getSession(null);
  seed.set('user', 'ada');
  seed.flash('note', 'x');
  return (await storage.commitSession(seed)).split(';')[0];
}

async function check(name, run) {
  const core = await loadCore();
  const base = core.liveSessionCount();
  await quietly(run);
  await new Promise((r) => setTimeout(r, 10));
  const live = core.liveSessionCount() - base;
  assert.ok(live <= 256, `${name}: ${live} sessions hold memory`);
  return live;
}

describe('adapters under failures', () => {
  it('Hono: throw, 500, HTTPException, aborted signal', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets } });
    const cookie = await header(storage);
    const app = new Hono();
    app.use(honoSession(storage));
    app.get('/throw', (c) => { c.var.session.set('a', 1); throw new Error('boom'); });
    app.get('/500', (c) => { c.var.session.set('a', 1); return c.text('no', 500); });
    app.get('/401', (c) => { c.var.session.flash('a', 1); throw new HTTPException(401); });
    app.get('/slow', async (c) => { c.var.session.set('a', 1); await new Promise((r) => setTimeout(r, 5)); return c.text('ok'); });
    await check('hono', () => Promise.all(Array.from({ length: N }, (_, i) => {
      const path = ['/throw', '/500', '/401', '/slow'][i % 4];
      const ac = new AbortController();
      const p = app.request(path, { headers: { Cookie: cookie }, signal: ac.signal });
      ac.abort();
      return p.catch(() => {});
    })));
  });

  it('React Router middleware: loader throws, action throws a Response 500, loader rejects late', async () => {
    const storage = createMemorySessionStorage({ cookie: { name: '__s', secrets } });
    const cookie = await header(storage);
    const handler = createRequestHandler(reactRouterBuild({
      root: { id: 'root', path: '', module: { middleware: [rrSession(storage)] } },
      'routes/a': { id: 'routes/a', parentId: 'root', path: 'a', module: {
        loader: ({ context }) => { context.get(sessionContext).set('x', 1); throw new Error('boom'); },
        action: async ({ context }) => { context.get(sessionContext).set('x', 1); await new Promise((r) => setTimeout(r, 3)); throw new Response('no', { status: 503 }); },
      } },
    }));
    await check('react-router', () => Promise.all(Array.from({ length: N }, (_, i) => {
      const ac = new AbortController();
      const p = handler(new Request('http://app.test/a', { method: i % 2 ? 'POST' : 'GET', headers: { Cookie: cookie }, signal: ac.signal }));
      if (i % 3 === 0) ac.abort();
      return p.catch(() => {});
    })));
  });

  it('Remix v3 middleware: handler throws (save never called)', async () => {
    const storage = createMemorySessionStorage({ cookie: { maxAge: 3600 } });
    const rcookie = createCookie('__session', { secrets });
    const router = createRouter({ middleware: [remixSessionMiddleware(rcookie, storage)] });
    router.get('/', ({ get }) => { get(RemixSession).set('c', 1); return new Response('ok'); });
    router.get('/throw', ({ get }) => { get(RemixSession).set('c', 2); throw new Error('boom'); });
    const first = await router.fetch(new Request('http://app.test/'));
    const cookie = first.headers.getSetCookie()[0].split(';')[0];
    await check('remix', () => Promise.all(Array.from({ length: N }, () =>
      router.fetch(new Request('http://app.test/throw', { headers: { Cookie: cookie } })).catch(() => {}))));
  });

  it('withSession: handler throws, returns 500', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets } });
    const cookie = await header(storage);
    const h = withSession(storage, async (req, { session }) => {
      session.set('a', 1);
      await null;
      if (req.url.endsWith('t')) throw new Error('x');
      return new Response('x', { status: 500 });
    });
    await check('withSession', () => Promise.all(Array.from({ length: N }, (_, i) =>
      h(new Request(`https://e.test/${i % 2 ? 't' : 'f'}`, { headers: { Cookie: cookie } })).catch(() => {}))));
  });
});
