// A chunked session the lifecycle writes anew (a change of its own, or a destroy) over a response that sets its
// cookies already (a Hono sub-app's copy under app.mount, a copy committed by hand): the lifecycle's write wins
// whole, as the README says. Regression (review): the earlier write's extra chunk stayed beside the lifecycle's
// fewer ones, neither write won, and the session read as no session (the user signed out).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

it('Hono app.mount, both mounts change a chunked session: the outer change is kept; regression: the sub-app\'s third chunk made it no session', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, chunks: 4 });
  const notes = new Hono();
  notes.use(sessionMiddleware(storage));
  notes.post('/save', (c) => (c.var.session.set('notes', 'n'.repeat(4000)), c.text('saved'))); // three cookies
  const app = new Hono();
  app.use(sessionMiddleware(storage));
  app.use(async (c, next) => { c.var.session.set('lastPath', new URL(c.req.url).pathname); await next(); }); // an outer change
  app.post('/login', (c) => (c.var.session.set('user', 'ada'), c.var.session.set('bio', 'b'.repeat(5000)), c.text('in')));
  app.get('/me', (c) => c.json({ user: c.var.session.get('user') ?? null }));
  app.mount('/notes', notes.fetch);
  const jar = new BrowserJar();
  await visit(jar, app.fetch, '/login', { method: 'POST' });
  assert.deepEqual(jar.names(), ['__session', '__session.1']);
  const saved = await visit(jar, app.fetch, '/notes/save', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, app.fetch, '/me')).json(), { user: 'ada' },
    `the browser holds ${jar.names()} after:\n${saved.headers.getSetCookie().map((h) => h.slice(0, 40)).join('\n')}`);
});

it('withSession: a copy committed by hand over three cookies, the request\'s own session changed over two: its change is kept, one Set-Cookie per cookie; regression: the copy\'s third chunk made it no session', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, chunks: 4 });
  const fetch = withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null });
    if (pathname === '/login') { session.set('user', 'ada'); session.set('bio', 'b'.repeat(5000)); return new Response('in'); }
    session.set('lastPath', pathname); // own change
    const copy = await storage.getSession(req.headers.get('Cookie')); // a loader in React Router's idiom
    copy.set('notes', 'n'.repeat(4000));
    const headers = new Headers();
    for (const h of await storage.commitSessionHeaders(copy)) headers.append('Set-Cookie', h);
    return new Response('saved', { headers });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' });
  const saved = await visit(jar, fetch, '/save', { method: 'POST' });
  assertOneHeaderPerCookie(saved.headers.getSetCookie());
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' },
    `the browser holds ${jar.names()} after:\n${saved.headers.getSetCookie().map((h) => h.slice(0, 40)).join('\n')}`);
});
