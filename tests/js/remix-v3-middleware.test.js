// Remix v3's storage interface on our storages: read(cookieValue) / save(session), driven by the real
// @remix-run/session-middleware under the real @remix-run/fetch-router with a real @remix-run/cookie, and the
// flow of @remix-run/session's README. KV and Durable Objects: tests/workerd/frameworks.test.js.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as sessionMiddleware } from '@remix-run/session-middleware';
import {
  createCookieSessionStorage,
  createFileSessionStorage,
  createMemorySessionStorage,
  createSessionStorage,
  CookieTooLargeError,
} from 'edge-session';
import { loadCore } from '../../js/loader.js';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edge-session-remix-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/**
 * The cookie with one character of its signature changed. Not the last one: base64 decoding (atob's, which both
 * edge-session and Remix use) ignores that character's two low bits, so 'A' -> 'B' there could still verify.
 */
function tamper(value) {
  const at = value.length - 10;
  return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
}

function customStorage() {
  const rows = new Map();
  return createSessionStorage({
    async createData(data) {
      const id = crypto.randomUUID();
      rows.set(id, data);
      return id;
    },
    readData: async (id) => rows.get(id) ?? null,
    updateData: async (id, data) => void rows.set(id, data),
    deleteData: async (id) => void rows.delete(id),
  });
}

// No cookie options: with Remix's middleware, Remix's Cookie signs; ours only gives the records' maxAge.
const quiet = (make) => () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return make();
  } finally {
    console.warn = warn;
  }
};
const STORAGES = {
  cookie: quiet(() => createCookieSessionStorage()),
  memory: quiet(() => createMemorySessionStorage()),
  'createSessionStorage': quiet(() => customStorage()),
  file: quiet(() => createFileSessionStorage({ dir, cookie: { maxAge: 3600 } })),
};

for (const [name, makeStorage] of Object.entries(STORAGES)) {
  describe(`@remix-run/session's README flow on our ${name} storage`, () => {
    it('counts 1, 2, 3 through read(cookie) and save(session)', async () => {
      const storage = makeStorage();
      async function handleRequest(cookie) {
        const session = await storage.read(cookie);
        session.set('count', Number(session.get('count') ?? 0) + 1);
        return { session, cookie: await storage.save(session) };
      }
      const response1 = await handleRequest(null);
      assert.equal(response1.session.get('count'), 1);
      const response2 = await handleRequest(response1.cookie);
      assert.equal(response2.session.get('count'), 2);
      const response3 = await handleRequest(response2.cookie);
      assert.equal(response3.session.get('count'), 3);
    });

    it('shows a flash on the next request only', async () => {
      const storage = makeStorage();
      const requestIndex = async (cookie) => {
        const session = await storage.read(cookie);
        return { session, cookie: await storage.save(session) };
      };
      const requestSubmit = async (cookie) => {
        const session = await storage.read(cookie);
        session.flash('message', 'success!');
        return { session, cookie: await storage.save(session) };
      };
      const response1 = await requestIndex(null);
      assert.equal(response1.session.get('message'), undefined);
      assert.equal(response1.cookie, null, 'an untouched session is not saved');
      const response2 = await requestSubmit(response1.cookie);
      assert.equal(response2.session.get('message'), undefined);
      const response3 = await requestIndex(response2.cookie);
      assert.equal(response3.session.get('message'), 'success!');
      const response4 = await requestIndex(response3.cookie);
      assert.equal(response4.session.get('message'), undefined);
    });

    it("regenerates the ID on login and returns '' for a destroyed session", async () => {
      const storage = makeStorage();
      const first = await storage.read(null);
      first.set('step', 1);
      const firstCookie = await storage.save(first);
      const login = await storage.read(firstCookie);
      login.set('userId', 'mj');
      login.regenerateId(true);
      const loginCookie = await storage.save(login);
      assert.notEqual(login.id, first.id);
      const after = await storage.read(loginCookie);
      assert.equal(after.get('userId'), 'mj');
      if (name !== 'cookie') {
        const old = await storage.read(firstCookie);
        assert.equal(old.get('step'), undefined, 'regenerateId(true) deleted the old record');
        assert.equal(await storage.save(old), null);
      }
      after.destroy();
      assert.equal(await storage.save(after), '');
      if (name !== 'cookie') assert.equal((await storage.read(loginCookie)).get('userId'), undefined, 'the record is gone');
    });

    // Also a payload whose values are not an object (a string, an array): none of its characters or items becomes a
    // key. Regression (mutation pass): with the values' check removed, '{"i":"x","d":["admin",{}]}' read as five
    // keys, '0' to '4', and no test noticed.
    it('starts fresh for a value it cannot read', async () => {
      const storage = makeStorage();
      const notObjects = ['{"i":"x","d":["admin",{}]}', '{"i":"x","d":[["admin"],{}]}', '["x",[{"role":"admin"},{}]]'];
      for (const value of ['', 'not json', '{"i":1,"d":7}', '0123456789abcdef0123456789abcdef', ...notObjects]) {
        const session = await storage.read(value);
        assert.equal(session.size, 0, value);
        if (value !== '') assert.notEqual(session.id, value, 'a fresh session never takes the value it could not read for its ID');
        assert.equal(await storage.save(session), null);
      }
    });
  });

  describe(`@remix-run/session-middleware on our ${name} storage, under @remix-run/fetch-router`, () => {
    function app(storage) {
      const cookie = createCookie('__session', { secrets: ['s3cr3t'], httpOnly: true, sameSite: 'lax' });
      const router = createRouter({ middleware: [sessionMiddleware(cookie, storage)] });
      router.get('/', ({ get }) => {
        const session = get(Session);
        session.set('count', Number(session.get('count') ?? 0) + 1);
        return new Response(`Count: ${session.get('count')} ${session.get('notice') ?? ''}`.trim());
      });
      router.get('/peek', ({ get }) => new Response(String(get(Session).get('count') ?? 0)));
      router.post('/flash', ({ get }) => {
        get(Session).flash('notice', 'Saved!');
        return new Response(null, { status: 303, headers: { Location: '/' } });
      });
      router.post('/logout', ({ get }) => {
        get(Session).destroy();
        return new Response(null, { status: 303, headers: { Location: '/' } });
      });
      return router;
    }
    const sessionCookieOf = (response) => response.headers.getSetCookie().find((c) => c.startsWith('__session='))?.split(';')[0];
    async function browse(router, path, cookie, method = 'GET') {
      const response = await router.fetch(new Request(`http://app.test${path}`, { method, headers: cookie ? { Cookie: cookie } : {} }));
      return { response, body: await response.text(), cookie: sessionCookieOf(response) ?? cookie };
    }

    it('counts 1, 2, 3, shows a flash once, writes nothing for a read, and clears on logout', async () => {
      const router = app(makeStorage());
      let step = await browse(router, '/');
      assert.equal(step.body, 'Count: 1');
      step = await browse(router, '/', step.cookie);
      assert.equal(step.body, 'Count: 2');
      step = await browse(router, '/', step.cookie);
      assert.equal(step.body, 'Count: 3');
      const peek = await browse(router, '/peek', step.cookie);
      assert.equal(peek.body, '3');
      assert.equal(sessionCookieOf(peek.response), undefined, 'no Set-Cookie for a read-only request');
      step = await browse(router, '/flash', step.cookie, 'POST');
      step = await browse(router, '/', step.cookie);
      assert.equal(step.body, 'Count: 4 Saved!');
      step = await browse(router, '/', step.cookie);
      assert.equal(step.body, 'Count: 5');
      const out = await browse(router, '/logout', step.cookie, 'POST');
      assert.equal(sessionCookieOf(out.response), '__session=');
      step = await browse(router, '/', out.cookie);
      assert.equal(step.body, 'Count: 1');
    });

    it('gives a fresh session for a tampered cookie', async () => {
      const router = app(makeStorage());
      const first = await browse(router, '/');
      const tampered = tamper(first.cookie);
      assert.equal((await browse(router, '/', tampered)).body, 'Count: 1');
    });

    it('frees every session it saved', async () => {
      const core = await loadCore();
      const live = core.liveSessionCount();
      const router = app(makeStorage());
      let cookie;
      for (let i = 0; i < 50; i++) cookie = (await browse(router, '/', cookie)).cookie;
      // <=: parking (js/core-calls.js MAX_LIVE_SESSIONS) may free sessions earlier tests left; 50 leaked would show.
      assert.ok(core.liveSessionCount() <= live, `${core.liveSessionCount()} live sessions, ${live} before`);
    });
  });
}

describe('save() of the cookie storage', () => {
  it('refuses a session whose signed cookie would pass 4096 bytes, as commitSession does', async () => {
    const storage = STORAGES.cookie();
    const session = await storage.read(null);
    session.set('big', 'x'.repeat(4000));
    await assert.rejects(storage.save(session), CookieTooLargeError);
  });

  it('leaves an unchanged session it would only seal when sealed it would not fit, with a warning; regression: save threw on every request', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, format: 'remix-v3', encrypt: 'migrate' });
    // Remix signs the base64 of a value: this payload of 2903 bytes fits unsealed (3916 bytes signed), not sealed.
    const payload = JSON.stringify({ i: 'abc', d: [{ prefs: 'x'.repeat(2_870) }, {}] });
    const session = await storage.read(payload);
    assert.equal(session.get('prefs').length, 2_870);
    assert.equal(await storage.save(session), null);
    assert.ok(warn.mock.calls.some((call) => /would not fit/.test(call.arguments[0])));
    const changed = await storage.read(payload);
    changed.set('more', 1);
    await assert.rejects(storage.save(changed), CookieTooLargeError);
  });

  it('refuses to read with migrateFrom, which needs the whole Cookie header; regression: every user was signed out without a word', async () => {
    const storage = createCookieSessionStorage({
      cookie: { name: '__session', secrets: ['s3cr3t'] },
      format: 'remix-v3',
      migrateFrom: { cookie: { name: '__old', secrets: ['s3cr3t'] }, format: 'react-router' },
    });
    await assert.rejects(storage.read(null), { name: 'TypeError', message: /migrateFrom needs the whole Cookie header/ });
    const router = createRouter({ middleware: [sessionMiddleware(createCookie('__session', { secrets: ['s3cr3t'] }), storage)] });
    router.get('/', ({ get }) => new Response(String(get(Session).get('user') ?? 'anonymous')));
    await assert.rejects(router.fetch(new Request('https://example.com/', { headers: { Cookie: '__old=x' } })), TypeError);
  });

  it('writes Remix v3 payloads that @remix-run/session reads', async () => {
    const { createCookieSessionStorage: theirs } = await import('@remix-run/session/cookie-storage');
    const ours = STORAGES.cookie();
    const session = await ours.read(null);
    session.set('user', { id: 7, name: 'Zoë' });
    session.flash('notice', 'ok');
    const value = await ours.save(session);
    const theirSession = await theirs().read(value);
    assert.equal(theirSession.id, session.id);
    assert.deepEqual(theirSession.get('user'), { id: 7, name: 'Zoë' });
    assert.equal(theirSession.get('notice'), 'ok');
    const back = await ours.read(await theirs().save(theirSession));
    assert.deepEqual(back.get('user'), { id: 7, name: 'Zoë' });
    assert.equal(back.get('notice'), undefined, 'their save dropped the flash it showed');
  });
});
