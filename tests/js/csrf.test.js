// CSRF protection (js/csrf.js) through the real withSession, real Request objects and real storages: each rule
// meets the attack that breaks it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSession, createSessionStorage, csrfToken, withSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';

const ORIGIN = 'https://app.example';
const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const cookieStorage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], httpOnly: true } });

/** A server-side storage that counts its writes, so a test can see that nothing was committed. */
function countingStorage() {
  const records = new Map();
  const writes = { count: 0 };
  let next = 0;
  const storage = createSessionStorage({
    cookie: { name: '__id', secrets: ['s3cr3t'] },
    async createData(data) {
      writes.count++;
      const id = String(++next).padStart(32, '0');
      records.set(id, data);
      return id;
    },
    async readData(id) {
      return records.get(id) ?? null;
    },
    async updateData(id, data) {
      writes.count++;
      records.set(id, data);
    },
    async deleteData(id) {
      writes.count++;
      records.delete(id);
    },
  });
  return { storage, writes };
}

/**
 * An app: GET /form answers with a fresh token (as a page renders one into its form), GET /plain touches nothing,
 * POST /logout destroys the session, any other request reads its form and counts a change. `calls` counts the
 * handler's runs.
 */
function makeApp(storage = cookieStorage(), csrf = true) {
  const calls = { count: 0, fields: [] };
  const fetch = withSession(
    storage,
    async (request, { session }) => {
      calls.count++;
      const { pathname } = new URL(request.url);
      if (request.method === 'GET' && pathname === '/form') return new Response(csrfToken(session));
      if (request.method === 'GET') return new Response('plain');
      if (pathname === '/logout') {
        session.destroy();
        return new Response('bye');
      }
      if ((request.headers.get('Content-Type') ?? '').includes('form')) calls.fields.push(Object.fromEntries(await request.formData()));
      session.set('changes', (session.get('changes') ?? 0) + 1);
      return new Response(`changes ${session.get('changes')}`);
    },
    { csrf },
  );
  return { fetch, calls };
}

/** One browser-like client: keeps the session cookie, sends Origin and Sec-Fetch-Site as Chromium does. */
function client(app) {
  let cookie;
  return {
    get cookie() {
      return cookie;
    },
    async send(path, { method = 'GET', headers = {}, body, site = 'same-origin', origin = ORIGIN } = {}) {
      const all = new Headers(headers);
      if (cookie) all.set('Cookie', cookie);
      if (site !== null) all.set('Sec-Fetch-Site', site);
      if (origin !== null && method !== 'GET') all.set('Origin', origin);
      const response = await app.fetch(new Request(`${ORIGIN}${path}`, { method, headers: all, body }));
      const set = response.headers.getSetCookie().find((value) => /^__(session|id)=/.test(value));
      if (set) cookie = /Max-Age=0/i.test(set) ? undefined : set.split(';')[0];
      return { response, text: await response.text(), setCookie: set };
    },
    async token() {
      return (await this.send('/form')).text;
    },
    post(path, fields, options = {}) {
      return this.send(path, { method: 'POST', body: new URLSearchParams(fields), ...options });
    },
  };
}

async function assertRefused(result, reason) {
  assert.equal(result.response.status, 403);
  assert.match(result.text, reason);
  assert.equal(result.response.headers.get('Content-Type'), 'text/plain; charset=utf-8');
  assert.equal(result.response.headers.get('Cache-Control'), 'no-store');
  assert.equal(result.response.headers.get('X-Content-Type-Options'), 'nosniff');
  assert.equal(result.setCookie, undefined, 'a refused request commits nothing');
}

describe('csrfToken', () => {
  it('returns a differently masked token on each call, every one of which is accepted', async () => {
    const app = makeApp();
    const browser = client(app);
    const tokens = [await browser.token(), await browser.token(), await browser.token()];
    assert.equal(new Set(tokens).size, 3, 'each call masks with a fresh pad');
    for (const token of tokens) assert.match(token, /^[A-Za-z0-9_-]{86}$/);
    for (const token of tokens.reverse()) assert.equal((await browser.post('/', { _csrf: token })).response.status, 200);
    assert.equal(app.calls.fields.length, 3);
  });

  it('is base64url of a pad and the pad XOR the 32-byte secret stored under __csrf', async () => {
    const session = await createSession();
    const tokens = Array.from({ length: 100 }, () => csrfToken(session));
    const secret = Buffer.from(session.get('__csrf'), 'base64url');
    assert.equal(secret.length, 32);
    assert.equal(secret.toString('base64url'), session.get('__csrf'), 'canonical base64url');
    for (const token of tokens) {
      const bytes = Buffer.from(token, 'base64url');
      assert.equal(bytes.toString('base64url'), token, 'canonical base64url (Buffer\'s encoder agrees)');
      assert.deepEqual(Buffer.from(bytes.subarray(0, 32).map((pad, i) => pad ^ bytes[32 + i])), secret);
    }
    assert.equal(new Set(tokens.map((token) => token.slice(0, 43))).size, 100, 'a fresh pad every time');
  });

  it('throws SessionDestroyedError for a destroyed session, even one that had a secret', async () => {
    for (const hadSecret of [false, true]) {
      const session = await createSession();
      if (hadSecret) csrfToken(session);
      session.destroy();
      assert.throws(() => csrfToken(session), { name: 'SessionDestroyedError' });
    }
  });

  it('stores the secret on first use only: the second page commits nothing new', async () => {
    const browser = client(makeApp());
    const first = await browser.send('/form');
    assert.ok(first.setCookie, 'the first token creates the session');
    const second = await browser.send('/form');
    assert.equal(second.setCookie, undefined, 'a later token reuses the stored secret');
  });

  it('gives a GET-only visitor no session and no Set-Cookie', async () => {
    const { storage, writes } = countingStorage();
    const browser = client(makeApp(storage));
    for (let i = 0; i < 3; i++) {
      const { response, setCookie } = await browser.send('/plain');
      assert.equal(response.status, 200);
      assert.equal(setCookie, undefined);
    }
    const cookieOnly = await makeApp(cookieStorage()).fetch(new Request(`${ORIGIN}/plain`));
    assert.deepEqual(cookieOnly.headers.getSetCookie(), [], 'nor with cookie storage');
    assert.equal(writes.count, 0, 'nothing stored');
  });
});

describe('withSession(..., { csrf: true })', () => {
  it('lets safe methods through without a token, even cross-site', async () => {
    const app = makeApp();
    // TRACE too, but fetch's Request refuses to make one.
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      const response = await app.fetch(new Request(`${ORIGIN}/plain`, { method, headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' } }));
      assert.equal(response.status, 200, method);
    }
    assert.equal(app.calls.count, 3);
  });

  it('refuses every unsafe method without a token, and the handler never runs', async () => {
    const app = makeApp();
    const browser = client(app);
    await browser.token();
    const before = app.calls.count;
    for (const method of [...UNSAFE_METHODS, 'PROPFIND']) {
      await assertRefused(await browser.send('/', { method, body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), /missing CSRF token/);
    }
    assert.equal(app.calls.count, before);
  });

  it('refuses a form post without a body, or with a body that is no form, as missing its token', async () => {
    const browser = client(makeApp());
    await browser.token();
    for (const [type, body] of [['application/x-www-form-urlencoded', undefined], ['multipart/form-data; boundary=x', undefined], ['multipart/form-data; boundary=x', 'not multipart']]) {
      await assertRefused(await browser.send('/', { method: 'POST', headers: { 'Content-Type': type }, body }), /missing CSRF token/);
    }
  });

  it('accepts every unsafe method with the token in the X-CSRF-Token header', async () => {
    const browser = client(makeApp());
    const token = await browser.token();
    for (const method of UNSAFE_METHODS) {
      const { response } = await browser.send('/', { method, headers: { 'X-CSRF-Token': token, 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(response.status, 200, method);
    }
  });

  it('reads the token from a multipart form, and the handler still reads the whole body', async () => {
    const app = makeApp();
    const browser = client(app);
    const form = new FormData();
    form.set('title', 'Hello');
    form.set('_csrf', await browser.token());
    form.set('file', new Blob(['file body']), 'a.txt');
    const { response } = await browser.send('/', { method: 'POST', body: form });
    assert.equal(response.status, 200);
    assert.equal(app.calls.fields.at(-1).title, 'Hello');
    assert.equal(await app.calls.fields.at(-1).file.text(), 'file body');
  });

  it('refuses a wrong token: another session\'s, a tampered one, garbage', async () => {
    const app = makeApp();
    const alice = client(app);
    const mallory = client(app);
    const alices = await alice.token();
    const mallorys = await mallory.token();
    await assertRefused(await alice.post('/', { _csrf: mallorys }), /wrong CSRF token/);
    // Flip the first character: the pad's first byte changes, so the unmasked secret does.
    await assertRefused(await alice.post('/', { _csrf: (alices[0] === 'A' ? 'B' : 'A') + alices.slice(1) }), /wrong CSRF token/);
    // The masked half changed (character 50 lies inside it) breaks it as surely.
    await assertRefused(await alice.post('/', { _csrf: alices.slice(0, 50) + (alices[50] === 'A' ? 'B' : 'A') + alices.slice(51) }), /wrong CSRF token/);
    for (const garbage of ['x', alices.slice(0, 85), `${alices}A`, `${alices.slice(0, 85)}!`]) {
      await assertRefused(await alice.post('/', { _csrf: garbage }), /wrong CSRF token/);
    }
    assert.equal((await alice.post('/', { _csrf: alices })).response.status, 200, 'the real token still works');
  });

  it('refuses a token from before the session was destroyed, once a new one exists', async () => {
    const app = makeApp();
    const browser = client(app);
    const stale = await browser.token();
    await browser.post('/logout', { _csrf: await browser.token() });
    assert.equal(browser.cookie, undefined, 'signed out');
    await assertRefused(await browser.post('/', { _csrf: stale }), /wrong CSRF token/);
    await browser.token(); // a new session with a new secret
    await assertRefused(await browser.post('/', { _csrf: stale }), /wrong CSRF token/);
  });

  it('refuses a token when the session never had a secret', async () => {
    const browser = client(makeApp());
    const other = await client(makeApp()).token();
    await assertRefused(await browser.post('/', { _csrf: other }), /wrong CSRF token/);
    await assertRefused(await browser.post('/', {}), /missing CSRF token/);
  });

  it('refuses a cross-site request even with the right token: Sec-Fetch-Site or Origin', async () => {
    const app = makeApp();
    const browser = client(app);
    const token = await browser.token();
    await assertRefused(await browser.post('/', { _csrf: token }, { site: 'cross-site', origin: 'https://evil.example' }), /cross-site request \(Sec-Fetch-Site/);
    // An older browser: Origin only.
    await assertRefused(await browser.post('/', { _csrf: token }, { site: null, origin: 'https://evil.example' }), /Origin https:\/\/evil\.example is not this site's/);
    await assertRefused(await browser.post('/', { _csrf: token }, { site: null, origin: 'http://app.example' }), /not this site's/, 'another scheme');
    await assertRefused(await browser.post('/', { _csrf: token }, { site: null, origin: 'null' }), /Origin null/);
    assert.equal((await browser.post('/', { _csrf: token }, { site: null })).response.status, 200, 'Origin of the request itself');
    assert.equal((await browser.post('/', { _csrf: token }, { site: null, origin: null })).response.status, 200, 'no browser headers: the token decides');
    assert.equal((await browser.post('/', { _csrf: token }, { site: 'none' })).response.status, 200, 'the user\'s own navigation');
  });

  it('refuses a sibling origin of the same site unless it is trusted', async () => {
    const sibling = 'https://blog.app.example';
    const strict = client(makeApp());
    const token = await strict.token();
    await assertRefused(await strict.post('/', { _csrf: token }, { site: 'same-site', origin: sibling }), /Sec-Fetch-Site: same-site.*trustedOrigins/);

    const trusting = client(makeApp(cookieStorage(), { trustedOrigins: [sibling] }));
    const trusted = await trusting.token();
    assert.equal((await trusting.post('/', { _csrf: trusted }, { site: 'same-site', origin: sibling })).response.status, 200);
    assert.equal((await trusting.post('/', { _csrf: trusted }, { site: null, origin: sibling })).response.status, 200);
    await assertRefused(await trusting.post('/', { _csrf: trusted }, { site: 'same-site', origin: 'https://other.app.example' }), /same-site/);
    await assertRefused(await trusting.post('/', { _csrf: trusted }, { site: 'cross-site', origin: sibling }), /cross-site/, 'cross-site is never trusted');
    await assertRefused(await trusting.post('/', {}, { site: 'same-site', origin: sibling }), /missing CSRF token/, 'a trusted origin still needs the token');
  });

  it('closes the session and stores nothing when it refuses', async () => {
    const { storage, writes } = countingStorage();
    const app = makeApp(storage);
    const browser = client(app);
    await browser.token();
    const stored = writes.count;
    const core = await loadCore();
    const live = core.liveSessionCount();
    for (let i = 0; i < 20; i++) await assertRefused(await browser.post('/', { _csrf: 'forged' }), /wrong CSRF token/);
    assert.equal(core.liveSessionCount(), live, 'no session left in WASM memory');
    assert.equal(writes.count, stored, 'nothing written');
    assert.equal(app.calls.count, 1, 'only the GET reached the handler');
  });

  it('does nothing when csrf is off', async () => {
    const browser = client(makeApp(cookieStorage(), false));
    const { response } = await browser.post('/', {}, { site: 'cross-site', origin: 'https://evil.example' });
    assert.equal(response.status, 200);
  });

  it('throws on a bad csrf option', () => {
    for (const csrf of ['yes', 1, null, [], { trustedOrigins: 'https://a.example' }, { trustedOrigins: ['https://a.example/'] }, { trustedOrigins: ['a.example'] }]) {
      assert.throws(() => withSession(cookieStorage(), () => new Response(), { csrf }), TypeError, JSON.stringify(csrf));
    }
  });
});
