// A storage wrapped in the app's own code (forwarding getSession, commitSession, destroySession to ours, or to
// several of ours) is served as ours is: the session knows the cookie it is written to, whichever object the
// lifecycle holds. Regressions (reviews): the lifecycle learnt one cookie per wrapper, from its first write in the
// isolate: a leftover of another cookie (a migrateFrom cookie's expiry, an expired chunk) was learnt, and renewals
// went out over hand commits; a learnt cookie carried no chunks, or none was learnt yet, and a copy's extra chunk
// stayed beside the lifecycle's write (the user signed out); a wrapper of two storages learnt the guest cookie,
// and a sign-in's deliberate expiry of it was dropped. And the wrapper's destroySession, through which the
// lifecycle ends a session, gave one header: the migrateFrom cookie's expiry it left was never sent, and the
// logout came undone; nor did a migration skipped over a hand commit send it.
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

/** The same, forwarding commitSessionHeaders too (a chunked storage's). */
const wrapChunked = (base) => ({ ...wrap(base), commitSessionHeaders: (session, options) => base.commitSessionHeaders(session, options) });

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

it('a hand commit of a copy is kept over a later renewal', async (t) => {
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

it('migrateFrom: after a first lifecycle write that was only the old cookie\'s expiry, a later hand commit is kept; regression: __old was learnt as the wrapper\'s cookie, and the renewal overwrote the commit', async (t) => {
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

it('chunks: after a first lifecycle write that was only an expired chunk, a later hand commit is kept; regression: __session.1 was learnt as the wrapper\'s cookie, and the renewal overwrote the commit', async (t) => {
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

function migratingApp() {
  const oldCookie = { name: '__old', secrets: ['s'] };
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, migrateFrom: { cookie: oldCookie, format: 'react-router' } });
  const storage = wrap(base);
  const fetch = withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/logout') { session.destroy(); return new Response(null, { status: 303, headers: { Location: '/me' } }); }
    if (pathname === '/visit') { session.set('visited', true); return new Response('ok'); }
    return Response.json({ user: session.get('user') ?? null });
  });
  const old = createCookieSessionStorage({ cookie: oldCookie });
  return { fetch, old };
}

it('migrateFrom: session.destroy() through the wrapper signs the user out (the old cookie is expired too); regression: the old cookie stayed and was read again', async () => {
  const { fetch, old } = migratingApp();
  const s = await old.getSession(null); s.set('user', 'ada');
  const jar = new BrowserJar().apply([await old.commitSession(s)]);
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' });
  const out = await visit(jar, fetch, '/logout', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null },
    `the browser holds ${jar.names()}; the logout sent:\n${out.headers.getSetCookie().map((h) => h.slice(0, 60)).join('\n')}`);
});

it('migrateFrom: a change the lifecycle writes through the wrapper migrates (the old cookie is expired)', async () => {
  const { fetch, old } = migratingApp();
  const s = await old.getSession(null); s.set('user', 'ada');
  const jar = new BrowserJar().apply([await old.commitSession(s)]);
  const first = await visit(jar, fetch, '/visit', { method: 'POST' });
  assert.deepEqual(jar.names(), ['__session'], `after the first write the browser holds ${jar.names()}; sent:\n${first.headers.getSetCookie().map((h) => h.slice(0, 60)).join('\n')}`);
});

it('chunks: a copy committed by hand over three cookies, the own change over two: the own change wins; regression: the copy\'s third chunk made it no session', async () => {
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, chunks: 4 });
  const storage = wrapChunked(base);
  const fetch = withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null });
    if (pathname === '/login') { session.set('user', 'ada'); session.set('bio', 'b'.repeat(5000)); return new Response('in'); }
    session.set('lastPath', pathname); // own change
    const copy = await storage.getSession(req.headers.get('Cookie'));
    copy.set('notes', 'n'.repeat(4000));
    const headers = new Headers();
    for (const h of await storage.commitSessionHeaders(copy)) headers.append('Set-Cookie', h);
    return new Response('saved', { headers });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/login', { method: 'POST' }); 
  assert.deepEqual(jar.names(), ['__session', '__session.1']);
  const saved = await visit(jar, fetch, '/save', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' },
    `the browser holds ${jar.names()} after:\n${saved.headers.getSetCookie().map((h) => h.slice(0, 40)).join('\n')}`);
});

it('chunks, the isolate\'s first write: the copy\'s cookies are replaced too; regression: nothing was learnt yet, and nothing was replaced', async () => {
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'] }, chunks: 4 });
  const storage = wrapChunked(base);
  const fetch = withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/me') return Response.json({ user: session.get('user') ?? null });
    session.set('lastPath', pathname);
    const copy = await storage.getSession(req.headers.get('Cookie'));
    copy.set('notes', 'n'.repeat(4000));
    const headers = new Headers();
    for (const h of await storage.commitSessionHeaders(copy)) headers.append('Set-Cookie', h);
    return new Response('saved', { headers });
  });
  // signed in on another isolate (or before a deploy): this isolate's lifecycle has written nothing yet
  const s = await base.getSession(null); s.set('user', 'ada'); s.set('bio', 'b'.repeat(5000));
  const jar = new BrowserJar().apply(await base.commitSessionHeaders(s));
  assert.deepEqual(jar.names(), ['__session', '__session.1']);
  const saved = await visit(jar, fetch, '/save', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada' },
    `the browser holds ${jar.names()} after:\n${saved.headers.getSetCookie().map((h) => h.slice(0, 40)).join('\n')}`);
});

it('a wrapper of two storages (guest and member cookies): a sign-in\'s deliberate expiry of the guest cookie is sent; regression: the guest cookie was learnt as the wrapper\'s, and its expiry dropped', async () => {
  const guest = createCookieSessionStorage({ cookie: { name: '__guest', secrets: ['s'] } });
  const member = createCookieSessionStorage({ cookie: { name: '__member', secrets: ['s'] } });
  const holdsMember = (h) => /(^|;\s*)__member=/.test(h ?? '');
  const storage = {
    getSession: (h, o) => (holdsMember(h) ? member : guest).getSession(h, o),
    commitSession: (s, o) => (s.has('user') ? member : guest).commitSession(s, o),
    destroySession: (s, o) => member.destroySession(s, o),
  };
  const fetch = withSession(storage, async (req, { session }) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/cart') { session.set('cart', ['book']); return new Response('added'); }
    if (pathname === '/login') {
      session.set('user', 'ada'); // the cart is carried into the member session
      // the guest cookie is forgotten: the sign-in owns the cart now
      const old = await guest.getSession(req.headers.get('Cookie'));
      return new Response('in', { headers: { 'Set-Cookie': await guest.destroySession(old) } });
    }
    if (pathname === '/logout') { session.destroy(); return new Response('out'); }
    return Response.json({ user: session.get('user') ?? null, cart: session.get('cart') ?? null });
  });
  const jar = new BrowserJar();
  await visit(jar, fetch, '/cart', { method: 'POST' }); // the isolate's first write: a guest one
  const login = await visit(jar, fetch, '/login', { method: 'POST' });
  assert.deepEqual(jar.names(), ['__member'], `sign-in sent:\n${login.headers.getSetCookie().map((h) => h.slice(0, 50)).join('\n')}`);
  await visit(jar, fetch, '/logout', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null, cart: null });
});

const DAY = 86_400;
async function skippedMigration(t, wrapped) {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const oldCookie = { name: '__old', secrets: ['s'], maxAge: 30 * DAY };
  const base = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'], maxAge: 7 * DAY }, migrateFrom: { cookie: oldCookie, format: 'react-router' } });
  const storage = wrapped ? wrap(base) : base;
  const fetch = withSession(storage, async (req, { session }) => {
    if (new URL(req.url).pathname !== '/settings') return Response.json({ user: session.get('user') ?? null, theme: session.get('theme') ?? null });
    const copy = await storage.getSession(req.headers.get('Cookie'));
    copy.set('theme', 'dark');
    return new Response('saved', { headers: { 'Set-Cookie': await storage.commitSession(copy) } });
  });
  const old = createCookieSessionStorage({ cookie: oldCookie });
  const s = await old.getSession(null); s.set('user', 'ada');
  const jar = new BrowserJar().apply([await old.commitSession(s)]);
  const saved = await visit(jar, fetch, '/settings', { method: 'POST' });
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: 'ada', theme: 'dark' });
  t.mock.timers.tick(8 * DAY * 1000); // the new cookie's 7 days are over
  assert.deepEqual(await (await visit(jar, fetch, '/me')).json(), { user: null, theme: null },
    `the old session came back; the browser holds ${jar.names()}; /settings sent:\n${saved.headers.getSetCookie().map((h) => h.slice(0, 60)).join('\n')}`);
}

it('migrateFrom: a migration skipped over a hand commit of a copy still expires the old cookie; regression: the wrapper had no hook for it, and the old session came back once the new cookie lapsed', (t) => skippedMigration(t, true));
