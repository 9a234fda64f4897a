// What happens to a session's changes around a commit that awaits its store: a later commit of the same session
// (React Router's parallel loaders commit by hand) and a storage wrapped in the app's own code. Each test is named
// after the defect it pins (from a review of the commit-window fixes).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { Hono } from 'hono';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Two commits of one session, the second\'s change made while the first awaits its store', () => {
  it('the second writes that change; regression: taken for written, it was lost', async () => {
    const records = new Map();
    const storage = createSessionStorage({
      cookie,
      createData: async (data) => (records.set('a'.repeat(24), data), 'a'.repeat(24)),
      readData: async (id) => records.get(id) ?? null,
      updateData: async (id, data) => {
        await sleep(30);
        records.set(id, data);
      },
      deleteData: async (id) => void records.delete(id),
    });
    const first = await storage.getSession(null);
    first.set('user', 'ada');
    const header = (await storage.commitSession(first)).split(';')[0];
    const session = await storage.getSession(header);
    session.set('a', 1);
    const writing = storage.commitSession(session);
    await sleep(5); // the first commit is writing
    session.set('b', 2);
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
