// A logout by hand (destroySession, React Router's idiom) followed by a new session committed by hand in the same
// response (an anonymous preference kept, a "signed out" flash): what the logout's one header could not carry
// (the migrateFrom cookie's expiry, the chunks the browser holds) still goes out, beside the new session's.
// Regression (review): it went only beside the response's last header for the cookie, here the new session's, and
// was dropped: the old cookie stayed and the logout came undone once the new one lapsed; a stale chunk of the old
// session stayed beside the new one's, which read as no session.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const DAY = 86_400;

function logoutApp(storage) {
  return withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null, theme: session.get('theme') ?? null });
    // POST /logout: the user is signed out, the anonymous preferences stay
    const theme = session.get('theme');
    const headers = new Headers();
    headers.append('Set-Cookie', await storage.destroySession(session));
    const fresh = await storage.getSession();
    fresh.set('theme', theme);
    headers.append('Set-Cookie', await storage.commitSession(fresh));
    headers.set('Location', '/me');
    return new Response(null, { status: 303, headers });
  });
}

it('migrateFrom: the logout stays done once the new cookie lapses (the old cookie is expired); regression: the old cookie stayed', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const oldCookie = { name: '__old', secrets: ['s'], maxAge: 30 * DAY };
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'], maxAge: 7 * DAY }, migrateFrom: { cookie: oldCookie, format: 'react-router' } });
  const old = createCookieSessionStorage({ cookie: oldCookie });
  const s = await old.getSession(null); s.set('user', 'ada'); s.set('theme', 'dark');
  const jar = new BrowserJar().apply([await old.commitSession(s)]);
  const fetch = logoutApp(storage);
  const out = await visit(jar, fetch, '/logout', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null, theme: 'dark' });
  t.mock.timers.tick(8 * DAY * 1000); // the new cookie's 7 days are over
  assert.deepEqual((await (await visit(jar, fetch, '/me')).json()).user, null,
    `the browser holds ${jar.names()}; the logout sent:\n${out.headers.getSetCookie().map((h) => h.slice(0, 50)).join('\n')}`);
});

it('chunks: after the logout, a new session committed with commitSessionHeaders reads; regression: a stale chunk of the old session made it no session', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, chunks: 4 });
  const fetch = withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null, notice: session.getFlash('notice') ?? null });
    if (pathname === '/login') { session.set('user', 'ada'); session.set('notes', 'a'.repeat(9000)); return new Response('in'); }
    const headers = new Headers();
    headers.append('Set-Cookie', await storage.destroySession(session));
    const fresh = await storage.getSession();
    fresh.flash('notice', 'You are signed out.');
    fresh.set('draft', 'd'.repeat(5000)); // a guest session of two cookies
    for (const h of await storage.commitSessionHeaders(fresh)) headers.append('Set-Cookie', h);
    return new Response(null, { status: 303, headers: [...headers, ['Location', '/me']] });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' });
  const out = await visit(jar, fetch, '/logout', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null, notice: 'You are signed out.' },
    `the browser holds ${jar.names()}; the logout sent:\n${out.headers.getSetCookie().map((h) => h.slice(0, 50)).join('\n')}`);
});
