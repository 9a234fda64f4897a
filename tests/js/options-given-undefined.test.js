// Every option given as `undefined` keeps its default at run time, as if left out: what a TypeScript user under
// exactOptionalPropertyTypes writes to take a default from a condition (`idleTimeout: env.IDLE ? Number(env.IDLE) :
// undefined`, `{ except: keep ? session : undefined }`), which tests/types/exact-optional.ts type-checks against
// the .d.ts files. Regression (types review): the run time took all of these, and the types refused them.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import {
  createCookie,
  createCookieSessionStorage,
  createFileSessionStorage,
  createMemorySessionStorage,
  createSessionStorage,
  createWorkersKVSessionStorage,
  getKeptForm,
  keepForm,
  withSession,
} from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionMiddleware } from 'edge-session/react-router';

const SECRET = 's3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t';

describe('options given as undefined keep their defaults', () => {
  it('cookie and cookie storage', async () => {
    const cookie = createCookie('prefs', { secrets: undefined, encrypt: undefined });
    assert.equal(cookie.isSigned, false);
    assert.deepEqual(await cookie.parse((await cookie.serialize({ a: 1 })).split(';')[0]), { a: 1 });
    const storage = createCookieSessionStorage({
      cookie: { secrets: [SECRET] },
      idleTimeout: undefined,
      absoluteTimeout: undefined,
      touchInterval: undefined,
      encrypt: undefined,
      chunks: undefined,
      format: undefined,
      migrateFrom: undefined,
      userKey: undefined,
      revocation: undefined,
    });
    const session = await storage.getSession(null);
    session.set('a', 1);
    const setCookie = await storage.commitSession(session);
    const again = await storage.getSession(setCookie.split(';')[0]);
    assert.equal(again.get('a'), 1);
  });

  it('server-side storages, their revocation and listing options', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'es-undefined-'));
    try {
      const kvMap = new Map();
      const kv = {
        get: async (key) => kvMap.get(key) ?? null,
        put: async (key, value) => void kvMap.set(key, value),
        delete: async (key) => void kvMap.delete(key),
        list: async () => ({ keys: [], list_complete: true }),
      };
      const records = new Map();
      let next = 0;
      const storages = [
        createMemorySessionStorage({ cookie: undefined, idleTimeout: undefined, userKey: 'userId', encrypt: undefined }),
        createWorkersKVSessionStorage({ kv, keyPrefix: undefined, idleTimeout: undefined, cookie: { secrets: [SECRET] } }),
        createFileSessionStorage({ dir, idleTimeout: undefined, userKey: undefined, cookie: { secrets: [SECRET] } }),
        createSessionStorage({
          cookie: { secrets: [SECRET] },
          createData: async (data) => { const id = `id${++next}`; records.set(id, data); return id; },
          readData: async (id) => records.get(id) ?? null,
          updateData: async (id, data) => void records.set(id, data),
          deleteData: async (id) => void records.delete(id),
          isValidId: undefined,
          keyPrefix: undefined,
          idleTimeout: undefined,
        }),
      ];
      for (const storage of storages) {
        const session = await storage.getSession(null);
        session.set('userId', 'ada');
        const setCookie = await storage.commitSession(session);
        assert.equal((await storage.getSession(setCookie.split(';')[0])).get('userId'), 'ada');
      }
      const [memory] = storages;
      const mine = await memory.getSession(null);
      mine.set('userId', 'ada');
      await memory.commitSession(mine);
      assert.equal((await memory.listUserSessions('ada', { current: undefined })).length, 2);
      assert.equal(await memory.revokeUserSessions('ada', { except: undefined }), 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keepForm, withSession and the middlewares', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [SECRET] } });
    const session = await storage.getSession(null);
    const form = new FormData();
    form.set('title', 'hello');
    keepForm(session, form, {}, { only: undefined, omit: undefined, maxBytes: undefined });
    const next = await storage.getSession((await storage.commitSession(session)).split(';')[0]);
    assert.deepEqual(getKeptForm(next).fields, { title: 'hello' });

    for (const options of [{ csrf: undefined }, { csrf: { trustedOrigins: undefined, maxBodyBytes: undefined } }]) {
      const fetch = withSession(storage, () => new Response('ok'), options);
      assert.equal((await fetch(new Request('https://app.test/'))).status, 200);
    }
    const app = new Hono();
    app.use(honoSession(storage, { csrf: undefined }));
    app.get('/', (c) => c.text('ok'));
    assert.equal((await app.request('/')).status, 200);
    assert.equal(typeof sessionMiddleware(storage, { csrf: undefined }), 'function');
  });
});
