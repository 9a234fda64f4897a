// README (Errors): a backend that failed is a SessionStorageError STORAGE_FAILED, `cause` holding its error, whatever
// that error is; "A createSessionStorage backend's own errors are passed on as its cause". A callback that itself
// uses edge-session (a readData that reads an old store through another storage, whose cookie options are wrong)
// may fail with an EdgeSessionError of another class: the read failed all the same, and withSession answers it with
// the 500 of a session that could not be read. Only a SessionStorageError passes as it is (a store's own clear one,
// SESSION_CHANGED). Mutation pass (s48): storageCall passing every EdgeSessionError as it was went unnoticed; the
// CookieOptionError escaped withSession as a throw.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createSessionStorage, SessionStorageError, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['another-edge-session-error-secret-00'] };

function storageWhoseReadFailsWith(failure) {
  const rows = new Map();
  const state = { failing: false };
  const storage = createSessionStorage({
    cookie,
    createData: async (data) => {
      const id = crypto.randomUUID();
      rows.set(id, data);
      return id;
    },
    readData: async (id) => {
      if (state.failing) throw failure;
      return rows.get(id) ?? null;
    },
    updateData: async (id, data) => void rows.set(id, data),
    deleteData: async (id) => void rows.delete(id),
  });
  return { storage, state };
}

it("a readData failing with a CookieOptionError of its own: STORAGE_FAILED, its cause that error; withSession's 500", async (t) => {
  const failure = new CookieOptionError('INVALID_OPTIONS', 'the old store: unknown option "idleTimout"');
  const { storage, state } = storageWhoseReadFailsWith(failure);
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const header = (await storage.commitSession(session)).split(';')[0];
  state.failing = true;
  const error = await storage.getSession(header).then(() => assert.fail('read'), (caught) => caught);
  assert.ok(error instanceof SessionStorageError, String(error));
  assert.equal(error.code, 'STORAGE_FAILED');
  assert.equal(error.cause, failure);
  t.mock.method(console, 'error', () => {});
  const fetch = withSession(storage, () => new Response('page'));
  const response = await fetch(new Request('https://example.test/', { headers: { Cookie: header } }), {}, { waitUntil() {}, passThroughOnException() {} });
  assert.equal(response.status, 500);
  assert.match(await response.text(), /the session could not be read/);
});
