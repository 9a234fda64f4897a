// The scripted user journey of tests/js/pairwise-journey.test.js (Node) and tests/workerd/pairwise.test.js (workerd),
// its invariants checked after every step; see the test file for the list.
import assert from 'node:assert/strict';
import { CookieJar } from '../helpers/cookie-jar.js';
import { BIG, NAME } from './pairwise-app.js';

export const FACTORS = {
  storage: ['cookie', 'sealed', 'chunked', 'memory', 'file', 'kv', 'callback'],
  entry: ['withSession', 'hono', 'reactRouter', 'remix'],
  lifetime: ['none', 'idle', 'absolute', 'both'],
  users: ['off', 'on'],
  csrf: ['off', 'form', 'header'],
  format: ['default', 'react-router', 'remix-v3'],
  flash: ['none', 'on'],
  regen: ['none', 'on'],
};
export const COOKIE_KINDS = new Set(['cookie', 'sealed', 'chunked']);
export function validConfig(config) {
  if (!COOKIE_KINDS.has(config.storage) && config.format !== 'default') return false; // the ID cookie has one format
  if (config.entry === 'remix' && config.storage === 'chunked') return false; // README: Remix's save writes one cookie
  return true;
}

/** One browser: a jar and the app's fetch. */
export function browserOf(app, log, origin) {
  const jar = new CookieJar();
  return {
    jar,
    /** A request of this browser (or, with `cookie`, of a copy of a cookie header): `{ status, body, setCookies }`. */
    async send(method, path, { form, token, tokenIn = 'form', cookie, label: what } = {}) {
      const headers = new Headers({ 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'navigate' });
      const sent = cookie === undefined ? jar.header() : cookie;
      if (sent !== undefined && sent !== null) headers.set('Cookie', sent);
      let body;
      if (method === 'POST') {
        headers.set('Origin', origin);
        headers.set('Content-Type', 'application/x-www-form-urlencoded');
        const fields = new URLSearchParams(form ?? {});
        if (token !== undefined && token !== null) {
          if (tokenIn === 'header') headers.set('X-CSRF-Token', token);
          else fields.set('_csrf', token);
        }
        body = fields.toString();
      }
      const request = new Request(`${origin}/${path}`, { method, headers, body });
      let timer;
      const response = await Promise.race([
        app(request),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in 10 s: ${method} /${path}`)), 10_000))),
      ]).finally(() => clearTimeout(timer));
      const setCookies = cookie === undefined ? jar.update(response) : response.headers.getSetCookie();
      const text = await response.text();
      let parsed = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = { text };
      }
      log.push(`${what ?? ''} ${method} /${path} -> ${response.status} ${text.slice(0, 160)} set=${setCookies.length}`);
      assert.ok(response.status < 500, `${method} /${path} answered ${response.status}: ${text.slice(0, 300)}`);
      return { status: response.status, body: parsed, setCookies, location: response.headers.get('Location') };
    },
  };
}

/**
 * The scripted journey of one configuration. `world`: where it runs, `{ fetch(request), origin, tick(s), now(),
 * idle, absolute, noTimeoutWait }`.
 */
export async function journey(config, log, world) {
  const { fetch, tick, now, idle: IDLE, absolute: ABSOLUTE } = world;
  const browser = (app, log) => browserOf(app, log, world.origin);
  const csrfOn = config.csrf !== 'off';
  const tokenIn = config.csrf === 'header' ? 'header' : 'form';
  const usersOn = config.users === 'on';
  const serverSide = !COOKIE_KINDS.has(config.storage);
  const post = (device, path, form, token, extra = {}) => device.send('POST', path, { form, token, tokenIn, ...extra });
  const tokenOf = async (device) => (await device.send('GET', 'form')).body.token;

  const a = browser(fetch, log);
  // First visit, GET only: no cookie.
  let r = await a.send('GET', 'about', { label: 'A first' });
  assert.equal(r.setCookies.length, 0, 'no Set-Cookie on a GET-only first visit (/about)');
  await tick();
  r = await a.send('GET', 'page', { label: 'A first' });
  assert.equal(r.setCookies.length, 0, 'no Set-Cookie on a GET-only first visit (/page reads the session)');
  assert.deepEqual(r.body, { user: null, count: 0, flash: null, big: null });
  await tick();

  // Sign-in.
  const signIn = async (device, user, what) => {
    const token = await tokenOf(device);
    await tick();
    const r = await post(device, 'login', { user }, token, { label: what });
    assert.equal(r.status, 303, `${what} sign-in answered ${r.status}`);
    assert.ok(r.setCookies.length > 0, `${what} sign-in set a cookie`);
    await tick();
    return token;
  };
  const preLoginToken = await signIn(a, 'alice', 'A');
  if (csrfOn) {
    // A refused post commits nothing: the flash that arrived with it is still there for the next request.
    r = await post(a, 'change', { x: '1' }, undefined, { label: 'A refused before the flash is read' });
    assert.equal(r.status, 403);
    assert.equal(r.setCookies.length, 0, 'a refusal commits nothing');
    await tick();
  }
  // Flash read once.
  r = await a.send('GET', 'page', { label: 'A after sign-in' });
  assert.equal(r.body.user, 'alice', 'signed in');
  assert.equal(r.body.flash, config.flash === 'on' ? 'welcome alice' : null, 'the flash arrives on the next request');
  if (config.storage === 'chunked') assert.equal(r.body.big, BIG.length, 'the chunked value reads back');
  await tick();
  r = await a.send('GET', 'page', { label: 'A again' });
  assert.equal(r.body.user, 'alice');
  assert.equal(r.body.flash, null, 'the flash is read once');
  await tick();

  // A state-changing POST: missing token, foreign token, good token.
  let count = 0;
  if (csrfOn) {
    r = await post(a, 'change', { x: '1' }, undefined, { label: 'A no token' });
    assert.equal(r.status, 403, 'a missing token is refused');
    assert.equal(r.setCookies.length, 0, 'a refusal commits nothing');
    await tick();
    const x = browser(fetch, log);
    const foreign = await tokenOf(x);
    await tick();
    r = await post(a, 'change', { x: '1' }, foreign, { label: 'A foreign token' });
    assert.equal(r.status, 403, 'a foreign token is refused');
    await tick();
  }
  if (csrfOn) {
    // README: regenerateId() (at sign-in) drops the CSRF secret; without it the token shown before stays valid.
    r = await post(a, 'change', { x: '1' }, preLoginToken, { label: 'A pre-login token' });
    if (config.regen === 'on') assert.equal(r.status, 403, 'regenerateId dropped the pre-login token');
    else {
      assert.equal(r.status, 200, 'the pre-login token still passes');
      count++;
    }
    await tick();
  }
  r = await post(a, 'change', { x: '1' }, csrfOn ? await tokenOf(a) : undefined, { label: 'A change' });
  assert.equal(r.status, 200, 'a good post passes');
  count++;
  assert.equal(r.body.count, count);
  await tick();
  r = await a.send('GET', 'page', { label: 'A after change' });
  assert.deepEqual([r.body.user, r.body.count], ['alice', count], 'the change is kept');
  await tick();

  if (usersOn && serverSide) {
    r = await a.send('GET', 'list', { label: 'A list' });
    assert.deepEqual(r.body.sessions, [{ current: true }], 'one session listed, the current one');
    await tick();
  }

  // A second device signs in.
  const b = browser(fetch, log);
  await signIn(b, 'alice', 'B');
  r = await b.send('GET', 'page', { label: 'B after sign-in' });
  assert.equal(r.body.user, 'alice');
  await tick();
  if (usersOn && serverSide) {
    r = await b.send('GET', 'list', { label: 'B list' });
    assert.equal(r.body.sessions.length, 2, 'two sessions listed');
    assert.equal(r.body.sessions.filter((s) => s.current).length, 1, 'one of them current');
    await tick();
  }

  if (usersOn) {
    const aBefore = a.jar.header();
    const aToken = csrfOn ? await tokenOf(a) : undefined;
    await tick();
    const bToken = csrfOn ? await tokenOf(b) : undefined;
    await tick();
    r = await post(b, 'revoke', {}, bToken, { label: 'B revoke others' });
    assert.equal(r.status, 200);
    assert.equal(r.body.revoked, 1, 'one other device signed out');
    await tick();
    r = await b.send('GET', 'page', { label: 'B after revoke' });
    assert.equal(r.body.user, 'alice', 'the kept device stays signed in');
    assert.equal(r.body.flash, config.flash === 'on' ? 'signed out of 1' : null, "the revocation's flash");
    await tick();
    r = await b.send('GET', 'page', { label: 'B after revoke, again' });
    assert.equal(r.body.flash, null, 'read once');
    await tick();
    if (csrfOn) {
      // README: every storage keeps the kept device's CSRF secret, unless regenerateId() follows the revocation.
      r = await post(b, 'change', { x: '1' }, bToken, { label: 'B token from before the revocation' });
      assert.equal(r.status, config.regen === 'on' ? 403 : 200, "the kept device's token from before");
      await tick();
    }
    if (config.lifetime === 'idle' || config.lifetime === 'both') {
      for (let k = 0; k < 3; k++) {
        await tick(IDLE / 2);
        r = await b.send('GET', 'page', { label: 'B kept busy after revoke' });
        assert.equal(r.body.user, 'alice', 'the kept device renews within idleTimeout');
      }
    }
    r = await a.send('GET', 'page', { label: 'A revoked' });
    assert.equal(r.body.user, null, 'the revoked device is signed out');
    await tick();
    // The revoked device's old cookie, replayed with its old token: refused or fresh, never signed in again.
    r = await post(a, 'change', { x: '1' }, aToken, { cookie: aBefore, label: 'A replay after revoke' });
    if (csrfOn) assert.equal(r.status, 403, 'a revoked session accepts no token');
    else assert.equal(r.body.user, null, 'a revoked cookie reads as fresh');
    await tick();
    r = await a.send('GET', 'page', { cookie: aBefore, label: 'A replay read' });
    assert.equal(r.body.user, null, 'the revoked cookie never resurrects');
    await tick();
    if (serverSide) {
      r = await b.send('GET', 'list', { label: 'B list after revoke' });
      assert.deepEqual(r.body.sessions, [{ current: true }], 'only the kept device listed');
      await tick();
    }
    // The revoked device signs in again.
    await signIn(a, 'alice', 'A again');
    r = await a.send('GET', 'page', { label: 'A signed in again' });
    assert.equal(r.body.user, 'alice', 'a sign-in after the revocation holds');
    assert.equal(r.body.flash, config.flash === 'on' ? 'welcome alice' : null);
    await tick();
    if (serverSide) {
      r = await b.send('GET', 'list', { label: 'B list after A is back' });
      assert.equal(r.body.sessions.length, 2, 'two listed again');
      await tick();
    }
  }

  // Logout, then a replay of the pre-logout cookie.
  const bBefore = b.jar.header();
  const bToken = csrfOn ? await tokenOf(b) : undefined;
  await tick();
  r = await post(b, 'logout', {}, csrfOn ? bToken : undefined, { label: 'B logout' });
  assert.equal(r.status, 303, 'logout');
  await tick();
  const held = [...b.jar.header()?.split('; ') ?? []].filter((pair) => pair.startsWith(NAME));
  if (config.entry === 'remix') assert.deepEqual(held, [`${NAME}=`], "Remix's logout keeps an empty cookie");
  else assert.deepEqual(held, [], 'the logout expires every cookie of the session');
  r = await b.send('GET', 'page', { label: 'B after logout' });
  assert.equal(r.body.user, null, 'signed out');
  await tick();
  if (serverSide) {
    r = await b.send('GET', 'page', { cookie: bBefore, label: 'B replay after logout' });
    assert.equal(r.body.user, null, 'the pre-logout cookie opens nothing');
    await tick();
    r = await post(b, 'change', { x: '1' }, bToken, { cookie: bBefore, label: 'B replay post' });
    if (csrfOn) assert.equal(r.status, 403, 'a logged-out session accepts no token');
    await tick();
    r = await b.send('GET', 'page', { cookie: bBefore, label: 'B replay read' });
    assert.equal(r.body.user, null, 'never resurrected');
    await tick();
  }
  // Signed in again on the device that logged out.
  await signIn(b, 'bob', 'B again');
  r = await b.send('GET', 'page', { label: 'B as bob' });
  assert.equal(r.body.user, 'bob');
  assert.equal(r.body.flash, config.flash === 'on' ? 'welcome bob' : null);
  await tick();
  if (usersOn && serverSide) {
    r = await b.send('GET', 'list', { label: 'B list as bob' });
    assert.deepEqual(r.body.sessions, [{ current: true }]);
    await tick();
  }

  // A switch of user on one device, then the previous user's cookie replayed.
  const c = browser(fetch, log);
  await signIn(c, 'carol', 'C');
  const carolCookie = c.jar.header();
  await signIn(c, 'dave', 'C switch');
  r = await c.send('GET', 'page', { label: 'C as dave' });
  assert.equal(r.body.user, 'dave');
  await tick();
  if (serverSide && (usersOn || config.regen === 'on')) {
    // Without userKey the app's own regenerateId(true) is what moves it; with it, README: a switch is always moved.
    r = await c.send('GET', 'page', { cookie: carolCookie, label: "C replay of carol's cookie" });
    assert.equal(r.body.user, null, "a switch ends the previous user's ID (README: written under a new ID, the old one deleted)");
    await tick();
  }
  if (usersOn && serverSide) {
    r = await c.send('GET', 'list', { label: 'C list as dave' });
    assert.deepEqual(r.body.sessions, [{ current: true }]);
    await tick();
  }
  if (usersOn) {
    // Carol's own list: a device of hers signs in and looks.
    const d = browser(fetch, log);
    await signIn(d, 'carol', 'D');
    if (serverSide) {
      r = await d.send('GET', 'list', { label: 'D list as carol' });
      assert.deepEqual(r.body.sessions, [{ current: true }], 'the switched session left carol\'s list');
      await tick();
    }
    r = await post(d, 'revoke', {}, csrfOn ? await tokenOf(d) : undefined, { label: 'D revoke carol others' });
    assert.equal(r.body.revoked, serverSide ? 0 : r.body.revoked, 'nothing else of carol to end');
    await tick();
    r = await c.send('GET', 'page', { label: 'C as dave after carol revoked' });
    assert.equal(r.body.user, 'dave', "revoking carol leaves dave's session");
    await tick();
  }

  // Lifetime: the device signs in as carol again, then time passes.
  await signIn(c, 'carol', 'C');
  r = await c.send('GET', 'page', { label: 'C signed in' });
  assert.equal(r.body.user, 'carol');
  const cBefore = c.jar.header();
  switch (config.lifetime) {
    case 'none':
      await tick(world.noTimeoutWait);
      r = await c.send('GET', 'page', { label: 'C two hours on' });
      assert.equal(r.body.user, 'carol', 'no timeout: still signed in within maxAge');
      break;
    case 'idle':
      await tick(IDLE + 1);
      r = await c.send('GET', 'page', { label: 'C idle past the timeout' });
      assert.equal(r.body.user, null, 'idle past idleTimeout: signed out');
      break;
    case 'absolute':
      await tick(ABSOLUTE + 1);
      r = await c.send('GET', 'page', { label: 'C past absolute' });
      assert.equal(r.body.user, null, 'past absoluteTimeout: signed out');
      break;
    case 'both': {
      // Busy, a request every half idleTimeout, while the next lands a second clear of absoluteTimeout (counted from
      // the sign-in at the latest), then just past it, sooner than idleTimeout: whatever a request's latency in
      // workerd, each step's expectation holds.
      const deadline = now() + ABSOLUTE * 1000;
      while (now() + (IDLE / 2) * 1000 < deadline - 1000) {
        await tick(IDLE / 2);
        r = await c.send('GET', 'page', { label: 'C kept busy' });
        assert.equal(r.body.user, 'carol', 'a busy session stays within absoluteTimeout');
      }
      await tick(Math.max(0, deadline - now()) / 1000 + 0.25);
      r = await c.send('GET', 'page', { label: 'C past absolute' });
      assert.equal(r.body.user, null, 'past absoluteTimeout: signed out, however busy');
      break;
    }
  }
  await tick();
  if (config.lifetime !== 'none') {
    r = await c.send('GET', 'page', { cookie: cBefore, label: 'C replay after expiry' });
    assert.equal(r.body.user, null, 'an expired cookie replayed opens nothing');
    await tick();
    r = await c.send('GET', 'page', { label: 'C again' });
    assert.equal(r.body.user, null, 'an expired session never resurrects');
  }
  return log;
}

