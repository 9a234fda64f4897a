// A page's request still running while the same browser signs in (regenerateId(true), as the README recommends):
// the record it read is gone, replaced by the sign-in's new ID. Its write is refused, and it must set no cookie:
// the one it read names nothing now, and the browser holds the sign-in's. Regression (audit of issue 3): it was
// answered like a logout, with an expiring cookie that deleted the sign-in's, and the user was signed out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { tempDir } from '../helpers/temp-dir.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const STORES = {
  memory: (options) => createMemorySessionStorage(options),
  file: (options) => createFileSessionStorage({ ...options, dir: tempDir('es-sign-in-race-') }),
  kv: (options) => createWorkersKVSessionStorage({ ...options, kv: mapKV() }),
  callbacks: (options) => createSessionStorage({ ...options, ...callbacksOf(mapBackend()) }),
};

for (const [store, make] of Object.entries(STORES)) {
  describe(`${store}: a request in flight while the browser signs in`, () => {
    for (const what of ['change', 'renewal']) {
      it(`leaves the sign-in's cookie in place (${what})`, async (t) => {
        t.mock.timers.enable({ apis: ['Date'], now: NOW });
        const storage = make(what === 'renewal' ? { cookie, idleTimeout: 60, touchInterval: 1 } : { cookie });
        const slowPage = gate();
        const fetch = withSession(storage, async (request, { session }) => {
          const path = new URL(request.url).pathname;
          if (path === '/start') session.set('cart', ['book']);
          if (path === '/login') {
            session.regenerateId(true);
            session.set('user', 'mj');
          }
          if (path === '/slow') {
            await slowPage.pass();
            if (what === 'change') session.flash('notice', 'seen');
          }
          return Response.json({ user: session.get('user') ?? null });
        });
        const jar = new BrowserJar();
        await visit(jar, fetch, '/start', { method: 'POST' });
        if (what === 'renewal') t.mock.timers.tick(2000); // the slow page's renewal is due
        const slow = visit(jar, fetch, '/slow'); // sent with the anonymous cookie
        await slowPage.reached;
        await visit(jar, fetch, '/login', { method: 'POST' });
        slowPage.open();
        const late = await slow; // the browser applies its Set-Cookie after the sign-in's
        assert.deepEqual(late.headers.getSetCookie(), [], 'the late page sets no cookie');
        assert.deepEqual(await (await visit(jar, fetch, '/')).json(), { user: 'mj' }, 'still signed in');
      });
    }
  });
}
