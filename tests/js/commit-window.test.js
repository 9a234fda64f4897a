// What happens to a session's changes around a commit that awaits its store: a later commit of the same session
// (React Router's parallel loaders commit by hand) and a storage wrapped in the app's own code. Each test is named
// after the defect it pins (from a review of the commit-window fixes).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { Hono } from 'hono';
import { callbacksOf, mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
/**
 * createSessionStorage over a Map backend (js/map-backend.js) holding a session of `ada`: the storage, its Cookie
 * header and ID, the backend (holdNextWrite(id) makes a commit await its store) and every updateData's data.
 */
async function heldStore() {
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  const writes = [];
  const update = callbacks.updateData;
  callbacks.updateData = (id, data, expires) => (writes.push(data), update(id, data, expires));
  const storage = createSessionStorage({ ...callbacks, cookie });
  const first = await storage.getSession(null);
  first.set('user', 'ada');
  const header = (await storage.commitSession(first)).split(';')[0];
  return { storage, header, id: first.id, backend, writes };
}

describe('Two commits of one session, the second\'s change made while the first awaits its store', () => {
  it('the second writes that change; regression: taken for written, it was lost', async () => {
    const { storage, header, id, backend } = await heldStore();
    const session = await storage.getSession(header);
    session.set('a', 1);
    const held = backend.holdNextWrite(id);
    const writing = storage.commitSession(session);
    await held.reached; // the first commit is writing
    session.set('b', 2);
    held.release();
    await Promise.all([writing, storage.commitSession(session)]);
    const back = await storage.getSession(header);
    assert.deepEqual([back.get('a'), back.get('b')], [1, 2]);
  });
});

/** A storage wrapped to stamp each commit as it begins (the app's own code, written to the storage interface). */
function stamping(storage) {
  return {
    getSession: storage.getSession,
    async commitSession(session, options) {
      session.set('committedAt', 1234);
      return storage.commitSession(session, options);
    },
    destroySession: storage.destroySession,
  };
}

for (const [kind, make] of [['cookie', () => createCookieSessionStorage({ cookie })], ['memory', () => createMemorySessionStorage({ cookie })]]) {
  describe(`A wrapped storage that changes the session as its commit begins (${kind})`, () => {
    for (const [framework, appOf] of [
      ['withSession', (storage) => withSession(storage, (request, { session }) => (session.set('user', 'ada'), new Response('ok')))],
      ['Hono', (storage) => {
        const app = new Hono();
        app.use(sessionMiddleware(storage));
        app.get('/', (c) => (c.var.session.set('user', 'ada'), c.text('ok')));
        return (request) => app.fetch(request);
      }],
    ]) {
      it(`is committed with that change under ${framework}; regression: a 500, the change refused`, async (t) => {
        t.mock.method(console, 'error', () => {});
        const inner = make();
        const response = await appOf(stamping(inner))(new Request('https://example.com/'));
        assert.equal(response.status, 200);
        const back = await inner.getSession(response.headers.getSetCookie()[0].split(';')[0]);
        assert.deepEqual([back.get('user'), back.get('committedAt')], ['ada', 1234]);
      });
    }
  });
}

describe('What counts as a change made while a commit writes', () => {
  it('not a set() the session refused: the commit leaves it clean, and a second commit writes nothing; regression: dirty, written twice', async () => {
    const { storage, header, id, backend, writes } = await heldStore();
    const session = await storage.getSession(header);
    session.set('a', 1);
    const held = backend.holdNextWrite(id);
    const writing = storage.commitSession(session);
    await held.reached; // the commit is writing
    assert.throws(() => session.set('bad', Number.NaN), { code: 'INVALID_VALUE' });
    held.release();
    await writing;
    assert.equal(session.dirty, false);
    await storage.commitSession(session);
    assert.equal(writes.length, 1);
  });
});

describe('Two session middlewares of one request with different storages for one cookie', () => {
  it('each applies its own options (the sub-app\'s encrypt seals); regression: matched by cookie name, the sub-app\'s storage was skipped', async () => {
    const app = new Hono();
    app.use(sessionMiddleware(createCookieSessionStorage({ cookie })));
    const admin = new Hono();
    admin.use(sessionMiddleware(createCookieSessionStorage({ cookie, encrypt: true })));
    admin.post('/login', (c) => (c.var.session.set('apiToken', 'TOPSECRET'), c.text('ok')));
    app.route('/admin', admin);
    const response = await app.fetch(new Request('https://example.com/admin/login', { method: 'POST' }));
    const values = response.headers.getSetCookie().map((header) => decodeURIComponent(header.split(';')[0].slice('__session='.length)));
    for (const value of values) assert.ok(!Buffer.from(value.split('.')[0], 'base64').toString('latin1').includes('TOPSECRET'));
  });
});
