// Regression (audit): a storage's cookie with `maxAge: null` (an attribute given as null keeps its default, the
// README says: a cookie with no Max-Age) made Cookie.expires "now", so every server-side record, and every Remix
// v3 payload, expired as it was written: each commit was followed by a fresh session, a user never stayed signed in.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createCookie,
  createCookieSessionStorage,
  createFileSessionStorage,
  createMemorySessionStorage,
  createSessionStorage,
  createWorkersKVSessionStorage,
} from 'edge-session';
import { cookiePair, SECRET } from './support.js';

const cookie = { name: '__session', secrets: [SECRET], maxAge: null };

/** A KV namespace of get, put and delete over a Map (expiry is the storage's own check here). */
function mapKV() {
  const entries = new Map();
  return {
    get: async (key) => entries.get(key) ?? null,
    put: async (key, value) => void entries.set(key, value),
    delete: async (key) => void entries.delete(key),
  };
}

/** Callbacks over a Map: the record's `expires` as the storage hands it. */
function callbackStorage() {
  const records = new Map();
  let next = 0;
  return createSessionStorage({
    cookie,
    createData: async (data, expires) => {
      const id = `id-${++next}`;
      records.set(id, { data, expires });
      return id;
    },
    readData: async (id) => {
      const record = records.get(id);
      return record && (record.expires === undefined || record.expires > new Date()) ? record.data : null;
    },
    updateData: async (id, data, expires) => void records.set(id, { data, expires }),
    deleteData: async (id) => void records.delete(id),
  });
}

const dirs = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const STORAGES = {
  memory: () => createMemorySessionStorage({ cookie }),
  file: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'edge-session-max-age-null-'));
    dirs.push(dir);
    return createFileSessionStorage({ dir, cookie });
  },
  kv: () => createWorkersKVSessionStorage({ kv: mapKV(), cookie }),
  callbacks: callbackStorage,
  cookie: () => createCookieSessionStorage({ cookie }),
};

describe('a cookie with maxAge: null', () => {
  it('has no expiry: Cookie.expires is undefined, as for expires: null', () => {
    assert.equal(createCookie('a', { secrets: [SECRET], maxAge: null }).expires, undefined);
    assert.equal(createCookie('a', { secrets: [SECRET], expires: null }).expires, undefined);
    assert.ok(createCookie('a', { secrets: [SECRET], maxAge: 60 }).expires > new Date(), 'a set maxAge still counts');
  });

  for (const [name, make] of Object.entries(STORAGES)) {
    it(`keeps a ${name} session past its commit, under a cookie with no Max-Age`, async () => {
      const storage = await make();
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const header = await storage.commitSession(session);
      assert.doesNotMatch(header, /Max-Age|Expires/i);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await storage.getSession(cookiePair(header))).get('user'), 'ada');
    });
  }

  it("keeps a Remix v3 session past its save (read/save)", async () => {
    for (const storage of [createCookieSessionStorage({ cookie, format: 'remix-v3' }), createMemorySessionStorage({ cookie })]) {
      const session = await storage.read(null);
      session.set('user', 'ada');
      const value = await storage.save(session);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await storage.read(value)).get('user'), 'ada');
    }
  });
});
