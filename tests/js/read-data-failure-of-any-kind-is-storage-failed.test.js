// README (Errors): a backend that failed is a SessionStorageError STORAGE_FAILED, `cause` holding its error, whatever
// that error is ("A createSessionStorage backend's own errors are passed on as its cause"), and withSession answers
// it with a 500 that says the session could not be read. Mutation pass (s48), two survivors of storageCall:
// - reading `error.message` of what was thrown: an app's callback may reject with what is no Error (a bare
//   `reject()`, a driver's string), and a rejection with undefined or null became a bare TypeError ("Cannot read
//   properties of undefined") with no cause, and withSession's answer a raw throw;
// - passing every EdgeSessionError as it was: a callback that itself uses edge-session (a readData reading an old
//   store through another storage whose cookie options are wrong) may fail with one of another class, and the
//   CookieOptionError escaped withSession as a throw. Only a SessionStorageError passes as it is (a store's own
//   clear one, SESSION_CHANGED).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CookieOptionError, createSessionStorage, SessionStorageError, withSession } from 'edge-session';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['rejecting-with-no-error-secret-01234'] };

/** A storage over one record whose readData rejects with `reason` once `failing` is set. */
function storageRejectingWith(reason) {
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
      if (state.failing) return Promise.reject(reason);
      return rows.get(id) ?? null;
    },
    updateData: async (id, data) => void rows.set(id, data),
    deleteData: async (id) => void rows.delete(id),
  });
  return { storage, state };
}

const ownError = new CookieOptionError('INVALID_OPTIONS', 'the old store: unknown option "idleTimout"');

describe('a readData that fails with no Error, or with an edge-session error of another class', () => {
  for (const [label, reason, shown] of [
    ['undefined (a bare reject())', undefined, /failed to read session "[0-9a-f-]{8}…": undefined$/],
    ['null', null, /failed to read session "[0-9a-f-]{8}…": null$/],
    ["a driver's string", 'connection reset', /failed to read session "[0-9a-f-]{8}…": connection reset$/],
    ['a CookieOptionError of its own', ownError, /failed to read session "[0-9a-f-]{8}…": the old store: unknown option/],
  ]) {
    it(`${label}: SessionStorageError STORAGE_FAILED, its cause what was thrown`, async () => {
      const { storage, state } = storageRejectingWith(reason);
      const header = await signIn(storage, 'ada');
      state.failing = true;
      const error = await storage.getSession(header).then(() => assert.fail('read'), (caught) => caught);
      assert.ok(error instanceof SessionStorageError, String(error));
      assert.equal(error.code, 'STORAGE_FAILED');
      assert.equal(error.cause, reason);
      assert.match(error.message, shown);
    });
  }

  for (const [label, reason] of [['undefined', undefined], ['a CookieOptionError of its own', ownError]]) {
    it(`${label}: withSession's answer is the 500 of a session that could not be read`, async (t) => {
      t.mock.method(console, 'error', () => {});
      const { storage, state } = storageRejectingWith(reason);
      const header = await signIn(storage, 'ada');
      state.failing = true;
      const fetch = withSession(storage, () => new Response('page'));
      const response = await fetch(new Request('https://example.test/', { headers: { Cookie: header } }), {}, { waitUntil() {}, passThroughOnException() {} });
      assert.equal(response.status, 500);
      assert.match(await response.text(), /the session could not be read/);
    });
  }
});
