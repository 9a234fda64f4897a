// Regression (audit): on the cookie storage with `revocation`, "sign out of my other devices" keeps this device
// (`except`), but a request of that same device in flight meanwhile (another tab: it read the session before the
// revocation) wrote its session after it. That cookie's sign-in is older than the revocation, so it is void, and it
// replaced the kept device's new cookie: the kept device was signed out. The server-side storages refuse such a
// write (README, Logout: "sets no cookie through withSession and the middlewares"); now the cookie storage does too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';

const pairOf = (setCookie) => setCookie.split(';')[0];
const storageOf = (options = {}) =>
  createCookieSessionStorage({ cookie: { secrets: ['kept-device'], maxAge: 3600, ...options }, userKey: 'userId', revocation: { kv: mapKV() } });
const get = (cookie) => new Request('https://example.com/', { headers: cookie ? { Cookie: cookie } : {} });

/** A handler that waits for `gate` before changing the session, and one that revokes all but its own session. */
function handlers(storage) {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  const slowTab = withSession(storage, async (request, { session }) => {
    await gate;
    session.set('cart', 1);
    return new Response('ok');
  });
  const revokeOthers = withSession(storage, async (request, { session }) => {
    return Response.json({ ended: await storage.revokeUserSessions('ada', { except: session }) });
  });
  return { slowTab, revokeOthers, release };
}

async function signedIn(storage) {
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  return pairOf(await storage.commitSession(session));
}

describe('a request of the kept device in flight during "sign out of my other devices" (cookie storage, revocation)', () => {
  for (const [name, options] of [['signed', {}], ['sealed, in chunks', { encrypt: true }]]) {
    it(`sets no cookie, so the kept device stays signed in (${name})`, async () => {
      const storage = options.encrypt
        ? createCookieSessionStorage({ cookie: { secrets: ['kept-device'], maxAge: 3600, encrypt: true }, chunks: 3, userKey: 'userId', revocation: { kv: mapKV() } })
        : storageOf();
      const laptop = await signedIn(storage);
      const phone = await signedIn(storage);
      const { slowTab, revokeOthers, release } = handlers(storage);
      const inFlight = slowTab(get(laptop)); // the laptop's other tab has read its session
      await new Promise((resolve) => setTimeout(resolve, 5));
      const revoked = await revokeOthers(get(laptop));
      assert.deepEqual(await revoked.json(), { ended: 1 }, 'the phone');
      const kept = revoked.headers.getSetCookie().map(pairOf).join('; ');
      assert.equal((await storage.getSession(kept)).get('userId'), 'ada', 'the kept device is signed in');
      release();
      const tab = await inFlight;
      assert.equal(tab.status, 200);
      assert.deepEqual(tab.headers.getSetCookie(), [], 'the tab in flight replaced the kept cookie');
      assert.equal((await storage.getSession(kept)).get('userId'), 'ada');
      assert.equal((await storage.getSession(phone)).get('userId'), undefined, 'the phone is signed out');
    });
  }

  it('a hand commitSession of such a session returns an expiring cookie, as a server-side storage does', async () => {
    const storage = storageOf();
    const laptop = await signedIn(storage);
    const tab = await storage.getSession(laptop);
    const self = await storage.getSession(laptop);
    await storage.revokeUserSessions('ada', { except: self });
    tab.set('cart', 1);
    const header = await storage.commitSession(tab);
    assert.match(header, /^__session=; Max-Age=0/);
    assert.equal(tab.destroyed, true, 'ended as by a logout');
    const kept = pairOf(await storage.commitSession(self));
    assert.equal((await storage.getSession(kept)).get('userId'), 'ada');
  });

  // Review: the check asked the revocation store when the 5 s cache had passed, so a commit of a signed-in cookie
  // made more than 5 s after its read failed (500) whenever that store did; a cookie commit never needed it before.
  it('asks the revocation store nothing at commit: a signed-in commit works while the store is down', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const inner = mapKV();
    let down = false;
    const kv = new Proxy(inner, {
      get(target, name) {
        const value = target[name];
        if (typeof value !== 'function') return value;
        return (...args) => {
          if (down) return Promise.reject(new Error('KV is down'));
          return value.apply(target, args);
        };
      },
    });
    const storage = createCookieSessionStorage({ cookie: { secrets: ['kept-device'], maxAge: 3600 }, userKey: 'userId', revocation: { kv } });
    const session = await storage.getSession(await signedIn(storage));
    t.mock.timers.tick(6000); // past the isolate's 5 s cache of the user's revocation
    down = true;
    session.set('cart', 1);
    assert.match(await storage.commitSession(session), /^__session=[^;]+; Max-Age=3600/);
  });

  it('a session signed in anew after the revocation, or without a user, is written as before', async () => {
    const storage = storageOf();
    const laptop = await signedIn(storage);
    const signingIn = await storage.getSession(null);
    const guest = await storage.getSession(laptop);
    await storage.revokeUserSessions('ada');
    signingIn.set('userId', 'ada');
    const fresh = pairOf(await storage.commitSession(signingIn));
    assert.equal((await storage.getSession(fresh)).get('userId'), 'ada', 'a sign-in right after a revocation works');
    guest.unset('userId');
    guest.set('theme', 'dark');
    const signedOut = pairOf(await storage.commitSession(guest));
    assert.equal((await storage.getSession(signedOut)).get('theme'), 'dark');
  });

  it("Remix v3's session middleware: that tab's save writes nothing", async () => {
    const storage = storageOf();
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: ['r'] }), storage)] });
    router.get('/', async ({ get: from }) => {
      await gate;
      from(Session).set('cart', 1);
      return new Response('ok');
    });
    router.post('/others', async ({ get: from }) => Response.json({ ended: await storage.revokeUserSessions('ada', { except: from(Session) }) }));
    router.get('/me', ({ get: from }) => new Response(String(from(Session).get('userId'))));
    router.post('/in', ({ get: from }) => {
      from(Session).set('userId', 'ada');
      return new Response('in');
    });
    const laptop = pairOf((await router.fetch(new Request('https://example.com/in', { method: 'POST' }))).headers.getSetCookie()[0]);
    const inFlight = router.fetch(get(laptop));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const revoked = await router.fetch(new Request('https://example.com/others', { method: 'POST', headers: { Cookie: laptop } }));
    assert.deepEqual(await revoked.json(), { ended: 0 }, 'its one sign-in is kept');
    const kept = pairOf(revoked.headers.getSetCookie()[0]);
    release();
    const tab = await inFlight;
    assert.deepEqual(tab.headers.getSetCookie(), [], 'the tab in flight replaced the kept cookie');
    const me = await router.fetch(new Request('https://example.com/me', { headers: { Cookie: kept } }));
    assert.equal(await me.text(), 'ada', 'the kept device is signed in');
    const old = await router.fetch(new Request('https://example.com/me', { headers: { Cookie: laptop } }));
    assert.equal(await old.text(), 'undefined', 'the cookie it was read from is void');
  });
});
