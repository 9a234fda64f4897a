// README (Errors): a backend that failed is a SessionStorageError STORAGE_FAILED, `cause` holding its error, and
// withSession answers it with a 500 that says the session could not be read. An app's own callbacks may reject with
// what is no Error (a bare `reject()`, a driver's string): that is its failure all the same. Mutation pass (s48):
// storageCall reading `error.message` of what was thrown went unnoticed; a rejection with undefined or null became
// a bare TypeError ("Cannot read properties of undefined") with no cause, and withSession's answer a raw throw.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, SessionStorageError, withSession } from 'edge-session';

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

async function signedIn(storage) {
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  return (await storage.commitSession(session)).split(';')[0];
}

describe('a readData that rejects with no Error', () => {
  for (const [label, reason, shown] of [
    ['undefined (a bare reject())', undefined, /failed to read session "[0-9a-f-]{8}…": undefined$/],
    ['null', null, /failed to read session "[0-9a-f-]{8}…": null$/],
    ["a driver's string", 'connection reset', /failed to read session "[0-9a-f-]{8}…": connection reset$/],
  ]) {
    it(`${label}: SessionStorageError STORAGE_FAILED, its cause what was thrown`, async () => {
      const { storage, state } = storageRejectingWith(reason);
      const header = await signedIn(storage);
      state.failing = true;
      const error = await storage.getSession(header).then(() => assert.fail('read'), (caught) => caught);
      assert.ok(error instanceof SessionStorageError, String(error));
      assert.equal(error.code, 'STORAGE_FAILED');
      assert.equal(error.cause, reason);
      assert.match(error.message, shown);
    });
  }

  it("undefined: withSession's answer is the 500 of a session that could not be read", async (t) => {
    t.mock.method(console, 'error', () => {});
    const { storage, state } = storageRejectingWith(undefined);
    const header = await signedIn(storage);
    state.failing = true;
    const fetch = withSession(storage, () => new Response('page'));
    const response = await fetch(new Request('https://example.test/', { headers: { Cookie: header } }), {}, { waitUntil() {}, passThroughOnException() {} });
    assert.equal(response.status, 500);
    assert.match(await response.text(), /the session could not be read/);
  });
});
