// A storage that is not ours (an app's wrapper forwarding to ours) has its cookie learnt: from the lifecycle's own
// write of the session, or from the cookie ours names when it wraps ours; never from a leftover of another cookie
// (a migrateFrom cookie's expiry, an expired chunk). Regression (review): the first lifecycle write for a wrapped
// storage was such a leftover, the wrong cookie was learnt, and renewals then went out over hand commits.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');

function wrap(base) {
  // An app's own wrapper (logging, metrics): the storage's methods, not its internal symbols.
  return {
    getSession: (header, options) => base.getSession(header, options),
    commitSession: (session, options) => base.commitSession(session, options),
    destroySession: (session, options) => base.destroySession(session, options),
  };
}

function app(storage) {
  return withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null, theme: session.get('theme') ?? null });
    if (pathname === '/touch') {
      // commits its own session by hand (React Router idiom)
      session.set('visited', true);
      return new Response('ok', { headers: { 'Set-Cookie': await storage.commitSession(session) } });
    }
    // /theme: commits a copy by hand, lifecycle's session untouched (renewal may be due)
    const copy = await storage.getSession(req.headers.get('Cookie'));
    copy.set('theme', 'dark');
    return new Response('ok', { headers: { 'Set-Cookie': await storage.commitSession(copy) } });
  });
}

it('a wrapped storage whose cookie was learnt from a renewal keeps a hand commit of a copy over a later renewal', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, idleTimeout: 3600, touchInterval: 60 });
  const storage = wrap(base);
  const fetch = app(storage);
  const jar = new BrowserJar();
  // first lifecycle write for this storage is a real session write: learnt __session
  const s = await base.getSession(null); s.set('user', 'ada');
  jar.apply([await base.commitSession(s)]);
  t.mock.timers.tick(120_000);
  await visit(jar, fetch, '/me'); // renewal: the lifecycle writes __session, learnt
  t.mock.timers.tick(120_000);
  await visit(jar, fetch, '/theme', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada', theme: 'dark' });
});

it('migrateFrom: a wrapped storage whose first lifecycle write was the old cookie\'s expiry keeps a later hand commit; regression: it learnt __old, and the renewal overwrote the commit', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const oldCookie = { name: '__old', secrets: ['s'] };
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, idleTimeout: 3600, touchInterval: 60, migrateFrom: { cookie: oldCookie, format: 'react-router' } });
  const storage = wrap(base);
  const fetch = app(storage);
  const old = createCookieSessionStorage({ cookie: oldCookie });
  const s = await old.getSession(null); s.set('user', 'ada');
  const jar = new BrowserJar().apply([await old.commitSession(s)]);
  const touched = await visit(jar, fetch, '/touch', { method: 'POST' }); // hand commit; the lifecycle adds __old's expiry
  assert.deepEqual(jar.names(), ['__session']);
  t.mock.timers.tick(120_000); // renewal due
  const themed = await visit(jar, fetch, '/theme', { method: 'POST' });
  const sc = themed.headers.getSetCookie();
  assert.equal(sc.filter((h) => h.startsWith('__session=')).length, 1, `one Set-Cookie for __session, got:\n${sc.map((h) => h.slice(0, 60)).join('\n')}`);
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada', theme: 'dark' });
});

it('chunks: a wrapped storage whose first lifecycle write was an expired chunk keeps a later hand commit; regression: it learnt __session.1, and the renewal overwrote the commit', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, idleTimeout: 3600, touchInterval: 60, chunks: 3 });
  const storage = wrap(base);
  const fetch = withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null, theme: session.get('theme') ?? null });
    if (pathname === '/shrink') {
      session.unset('notes');
      return new Response('ok', { headers: { 'Set-Cookie': await storage.commitSession(session) } });
    }
    const copy = await storage.getSession(req.headers.get('Cookie'));
    copy.set('theme', 'dark');
    return new Response('ok', { headers: { 'Set-Cookie': await storage.commitSession(copy) } });
  });
  const s = await base.getSession(null); s.set('user', 'ada'); s.set('notes', 'x'.repeat(6000));
  const jar = new BrowserJar().apply(await base.commitSessionHeaders(s));
  assert.ok(jar.names().length >= 2, String(jar.names()));
  await visit(jar, fetch, '/shrink', { method: 'POST' }); // the lifecycle sends __session.1's expiry, its first write here
  assert.deepEqual(jar.names(), ['__session']);
  t.mock.timers.tick(120_000);
  const themed = await visit(jar, fetch, '/theme', { method: 'POST' });
  const sc = themed.headers.getSetCookie();
  assert.equal(sc.filter((h) => h.startsWith('__session=')).length, 1, `one Set-Cookie for __session, got:\n${sc.map((h) => h.slice(0, 60)).join('\n')}`);
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada', theme: 'dark' });
});
