// revokeUserSessions(user, { except: session }) run by a middleware ahead of an inner mount's CSRF check (Hono
// app.route(), the session shared; Remix, a middleware between session() and csrf()). The revocation is made in the
// store at once and the refusal cannot take it back, so the kept session's new sign-in time is written with the
// 403, as a logout made before the check is. Regression (review): the stamp was counted into the refusal and
// dropped with it, and the device that asked to be kept was signed out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { csrf } from 'edge-session/remix';
import { mapKV } from './map-kv.js';

const ORIGIN = 'http://app.test';
const EVIL = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('revokeUserSessions keeping this session, ahead of an inner CSRF refusal', () => {
  it('Hono app.route(): the kept device stays signed in', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'user', revocation: { kv: mapKV() } });
    const app = new Hono();
    app.use(honoSession(storage));
    app.post('/login', (c) => {
      c.var.session.set('user', 'ada');
      return c.text('in');
    });
    app.get('/me', (c) => c.text(String(c.var.session.get('user'))));
    // Entering the admin area signs out the user's other devices, keeping this one.
    app.use('/admin/*', async (c, next) => {
      const user = c.var.session.get('user');
      if (user) await storage.revokeUserSessions(user, { except: c.var.session });
      await next();
    });
    const admin = new Hono();
    admin.use(honoSession(storage, { csrf: true }));
    admin.post('/note', (c) => c.text('saved'));
    app.route('/admin', admin);

    let cookie = pairs(await app.fetch(new Request(`${ORIGIN}/login`, { method: 'POST', headers: { Origin: ORIGIN } })));
    await pause();
    const refused = await app.fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers: { Cookie: cookie, ...EVIL }, body: new URLSearchParams({ x: '1' }) }));
    assert.equal(refused.status, 403);
    if (refused.headers.getSetCookie().length > 0) cookie = pairs(refused);
    const me = await app.fetch(new Request(`${ORIGIN}/me`, { headers: { Cookie: cookie } }));
    assert.equal(await me.text(), 'ada', 'the kept device was signed out by the revocation that was to keep it');
  });

  it('Remix: middleware ahead of csrf(); the kept device stays signed in', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'user', revocation: { kv: mapKV() } });
    const revokeOthers = async (context, next) => {
      const session = context.get(Session);
      const user = session.get('user');
      if (user && new URL(context.request.url).pathname.startsWith('/admin')) await storage.revokeUserSessions(user, { except: session });
      return next();
    };
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: ['s3cr3t'] }), storage), revokeOthers, csrf()] });
    router.get('/login', ({ get }) => { // a GET sign-in (e.g. a magic link): csrf() lets it through
      get(Session).set('user', 'ada');
      return new Response('in');
    });
    router.get('/me', ({ get }) => new Response(String(get(Session).get('user'))));
    router.post('/admin/note', () => new Response('saved'));
    const pair = (response) => response.headers.getSetCookie().find((v) => v.startsWith('__session='))?.split(';')[0];
    let cookie = pair(await router.fetch(new Request(`${ORIGIN}/login`)));
    assert.ok(cookie);
    await pause();
    const refused = await router.fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers: { Cookie: cookie, ...EVIL }, body: new URLSearchParams({ x: '1' }) }));
    assert.equal(refused.status, 403);
    cookie = pair(refused) ?? cookie;
    const me = await router.fetch(new Request(`${ORIGIN}/me`, { headers: { Cookie: cookie } }));
    assert.equal(await me.text(), 'ada', 'the kept device was signed out by the revocation that was to keep it');
  });
});
