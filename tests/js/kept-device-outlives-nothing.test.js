// Attacks on "sign out of my other devices" (pentest pass), through withSession on each storage with userKey: the kept
// device is signed in anew by the revocation, which must not give it a new start. A thief's session that presses the
// button (it is a session like any) to outlive absoluteTimeout still ends when its session began absoluteTimeout
// ago; and a device the revocation ended stays ended when the secrets are rotated after it (its re-signing under the
// new secret, on its next request, brings nothing back).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { tempDir } from '../helpers/temp-dir.js';
import { mapKV } from './map-kv.js';

const NOW = Date.parse('2031-03-01T00:00:00Z');
const OLD = 'kept-device-old-secret-0123456789abcdef';
const NEW = 'kept-device-new-secret-0123456789abcdef';
const pairOf = (response) => response.headers.getSetCookie().find((header) => header.startsWith('__session='))?.split(';')[0];

/** Each storage as one app over one backend: `make(secrets, options)` may be called again for a new version of it. */
const STORES = {
  memory: () => (secrets, options) => createMemorySessionStorage({ cookie: { name: '__session', secrets }, userKey: 'userId', ...options }),
  file: () => {
    const dir = tempDir('es-kept-device-');
    return (secrets, options) => createFileSessionStorage({ cookie: { name: '__session', secrets }, userKey: 'userId', dir, ...options });
  },
  kv: () => {
    const kv = mapKV();
    return (secrets, options) => createWorkersKVSessionStorage({ cookie: { name: '__session', secrets }, userKey: 'userId', kv, ...options });
  },
  'cookie, revocation: { kv }': () => {
    const kv = mapKV();
    return (secrets, options) => createCookieSessionStorage({ cookie: { name: '__session', secrets }, userKey: 'userId', revocation: { kv }, ...options });
  },
};

/** The app: /login signs `ann` in, /others is "sign out of my other devices", any other path says who is signed in. */
function app(storage) {
  return withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') {
      await session.regenerateId(true);
      session.set('userId', 'ann');
    }
    if (path === '/others') await storage.revokeUserSessions('ann', { except: session });
    return new Response(session.get('userId') ?? 'nobody');
  });
}

async function visit(fetch, path, cookie) {
  const response = await fetch(new Request(`https://app.test${path}`, { method: 'POST', headers: cookie ? { Cookie: cookie } : {} }));
  return { user: await response.text(), cookie: pairOf(response) ?? cookie };
}

for (const [name, backend] of Object.entries(STORES)) {
  describe(`"sign out of my other devices" (${name})`, () => {
    it('does not extend the kept session past its absoluteTimeout', async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: NOW });
      const fetch = app(backend()([OLD], { absoluteTimeout: 100 }));
      const { cookie } = await visit(fetch, '/login');
      t.mock.timers.tick(90_000);
      const kept = await visit(fetch, '/others', cookie);
      assert.equal(kept.user, 'ann', 'kept');
      assert.equal((await visit(fetch, '/', kept.cookie)).user, 'ann', 'still signed in within absoluteTimeout');
      t.mock.timers.tick(11_000);
      assert.equal((await visit(fetch, '/', kept.cookie)).user, 'nobody', 'ended absoluteTimeout after it began');
    });

    it('leaves an ended device ended when the secrets are rotated after it', { skip: name === 'memory' && 'a new memory storage is a new store' }, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: NOW });
      const make = backend();
      const fetch = app(make([OLD]));
      const phone = (await visit(fetch, '/login')).cookie;
      t.mock.timers.tick(10);
      const laptop = await visit(fetch, '/others', (await visit(fetch, '/login')).cookie);
      t.mock.timers.tick(6_000); // past the isolate's revocation cache
      const rotated = app(make([NEW, OLD]));
      assert.equal((await visit(rotated, '/', phone)).user, 'nobody', 'the ended phone');
      assert.equal((await visit(rotated, '/', laptop.cookie)).user, 'ann', 'the kept laptop, re-signed');
      const resigned = await visit(rotated, '/', phone);
      assert.equal((await visit(app(make([NEW])), '/', resigned.cookie)).user, 'nobody', 'nor under the new secret alone');
    });
  });
}
