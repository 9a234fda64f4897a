// An unchunked cookie storage (chunks 1, or the option dropped) expires the chunk cookies (name.1 ...) a larger
// `chunks` setting left in the browser, on every path a commit or a logout takes: withSession's own commit, a
// commitSession or destroySession by hand beside it, destroy(), Hono's middleware; every format. A cookie whose
// name only begins alike (`__session.1foo`) is not ours. Regression (audit of redeploys): they were sent on for
// good; the review of that fix found the hand paths untested.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { CookieJar } from '../helpers/cookie-jar.js';
import { mapKV } from './map-kv.js';

const name = '__session';
const secrets = ['s3cr3t'];
const storageOf = (chunks, extra = {}) => createCookieSessionStorage({ cookie: { name, secrets, httpOnly: true }, chunks, ...extra });

async function browserWithStrays(extra) {
  // A one-cookie session plus strays name.1, name.2 from an earlier, larger one.
  const storage = storageOf(1, extra);
  const s = await storage.getSession(null);
  s.set('userId', 'ann');
  const header = await storage.commitSession(s);
  const jar = new CookieJar();
  jar.update(new Response(null, { headers: [['Set-Cookie', header], ['Set-Cookie', `${name}.1=aaa; Path=/`], ['Set-Cookie', `${name}.2=bbb; Path=/`], ['Set-Cookie', `${name}.1foo=keep; Path=/`]] }));
  return jar;
}

const request = (path, jar) => new Request(`https://example.com${path}`, { headers: { Cookie: jar.header() } });
const expiredNames = (response) => response.headers.getSetCookie().filter((h) => /Max-Age=0/.test(h)).map((h) => h.split('=')[0]);

for (const [label, extra0] of [['plain', {}], ['remix-v3 format', { format: 'remix-v3' }], ['sealed', { encrypt: true }], ['with revocation', { userKey: 'userId', revocation: {} }]]) {
  describe(`unchunked storage (${label}) expires leftover chunks`, () => {
    const cases = {
      'withSession, a change': (storage) => withSession(storage, async (req, { session }) => { session.set('n', 1); return new Response('ok'); }),
      'withSession, commitSession by hand': (storage) => withSession(storage, async (req, { session }) => { session.set('n', 1); return new Response('ok', { headers: { 'Set-Cookie': await storage.commitSession(session) } }); }),
      'withSession, destroySession by hand': (storage) => withSession(storage, async (req, { session }) => new Response('ok', { headers: { 'Set-Cookie': await storage.destroySession(session) } })),
      'withSession, destroy()': (storage) => withSession(storage, async (req, { session }) => { session.destroy(); return new Response('ok'); }),
      'hono middleware, a change': (storage) => { const app = new Hono(); app.use('*', sessionMiddleware(() => storage)); app.get('*', (c) => { c.var.session.set('n', 1); return c.text('ok'); }); return (req) => app.fetch(req, {}); },
      'hono middleware, destroy()': (storage) => { const app = new Hono(); app.use('*', sessionMiddleware(() => storage)); app.get('*', (c) => { c.var.session.destroy(); return c.text('ok'); }); return (req) => app.fetch(req, {}); },
    };
    for (const [scenario, make] of Object.entries(cases)) {
      it(scenario, async () => {
        const extra = extra0.revocation ? { ...extra0, revocation: { kv: mapKV() } } : extra0;
        const jar = await browserWithStrays(extra);
        const response = await make(storageOf(1, extra))(request('/', jar));
        const names = expiredNames(response);
        assert.ok(names.includes(`${name}.1`) && names.includes(`${name}.2`), `expired: ${names.join(', ')}\n${response.headers.getSetCookie().join('\n')}`);
        assert.ok(!names.includes(`${name}.1foo`), 'a foreign cookie is not expired');
      });
    }
  });
}

