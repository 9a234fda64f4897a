// A CSRF refusal commits nothing unless the session changes after it, and revokeUserSessions(user, { except:
// session }) changes the kept session (a new sign-in time, which its next response must carry) without any change
// through the session's own methods. With the session middleware mounted twice (Hono app.route(), csrf on the inner
// mount only), an outer middleware answering the inner mount's 403 by signing out the user's other devices keeps
// this one signed in. Regression (review): the refusal compared only the methods' change count, the kept session's
// new cookie was not sent, and the revocation signed out the device that asked to be kept.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, csrfToken } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { mapKV } from './map-kv.js';

const ORIGIN = 'http://app.test';
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');

describe('after an inner mount\'s CSRF 403, revokeUserSessions keeping this session', () => {
  it('the kept session is written (else the revocation signs out the device that asked to be kept)', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'user', revocation: { kv: mapKV() } });
    const app = new Hono();
    app.use(honoSession(storage));
    app.use(async (c, next) => {
      await next();
      if (c.res.status === 403 && c.var.session.get('user')) {
        await storage.revokeUserSessions(c.var.session.get('user'), { except: c.var.session });
      }
    });
    app.post('/login', (c) => {
      c.var.session.set('user', 'ada');
      return c.text('in');
    });
    app.get('/me', (c) => c.text(String(c.var.session.get('user'))));
    const admin = new Hono();
    admin.use(honoSession(storage, { csrf: true }));
    admin.get('/form', (c) => c.text(csrfToken(c.var.session)));
    admin.post('/note', (c) => c.text('saved'));
    app.route('/admin', admin);

    const login = await app.fetch(new Request(`${ORIGIN}/login`, { method: 'POST', headers: { Origin: ORIGIN } }));
    let cookie = pairs(login);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await app.fetch(new Request(`${ORIGIN}/admin/note`, {
      method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, body: new URLSearchParams({ x: '1' }),
    }));
    assert.equal(refused.status, 403);
    if (refused.headers.getSetCookie().length > 0) cookie = pairs(refused);
    const me = await app.fetch(new Request(`${ORIGIN}/me`, { headers: { Cookie: cookie } }));
    assert.equal(await me.text(), 'ada', 'the kept device was signed out by the revocation that was to keep it');
  });
});
