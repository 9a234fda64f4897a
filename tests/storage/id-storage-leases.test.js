// How the shared ID-storage layer (js/id-storage.js) handles a store's leases (issue 11), against a fake store
// that hands out leases and counts what it is given. The Durable Object store itself is tested inside workerd
// (workerd-storages.test.js); these pin the layer between it and the Session.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookie, SessionStorageError, withSession } from 'edge-session';
import { createIdSessionStorage } from '../../js/id-storage.js';
import { issueSessionId } from '../../js/internal.js';
import { COOKIE_NAME, SECRET, signedCookie } from './support.js';

function leasingStore({ releaseFails = false, updateFails = undefined } = {}) {
  const id = issueSessionId(COOKIE_NAME);
  const leases = [];
  const updates = [];
  const store = {
    create: async (record, expires, newId) => newId(),
    async read() {
      const lease = {
        released: 0,
        async release() {
          lease.released++;
          if (releaseFails) throw new Error('RPC down');
        },
      };
      leases.push(lease);
      return { record: '{"user":"mj"}', lease };
    },
    async update(id, record, expires, lease) {
      if (updateFails) throw updateFails;
      updates.push({ id, record, lease });
    },
    delete: async () => {},
  };
  const storage = createIdSessionStorage(createCookie(COOKIE_NAME, { secrets: [SECRET] }), store);
  return { storage, leases, updates, id, cookie: signedCookie(id) };
}

describe('ID storages with a leasing store (issue 11)', () => {
  it('dispose() gives the lease back once, however often it is called', async () => {
    const { storage, leases, cookie } = leasingStore();
    const session = await storage.getSession(cookie);
    session.dispose();
    session.dispose();
    assert.equal(leases[0].released, 1);
  });

  it('[Symbol.dispose]() (what `using` calls; Node 20 has no `using` syntax) gives the lease back', async () => {
    const { storage, leases, cookie } = leasingStore();
    const session = await storage.getSession(cookie);
    session[Symbol.dispose]();
    assert.equal(leases[0].released, 1);
  });

  it('dispose() does not throw when giving the lease back fails: it logs, and the lease lapses by itself', async (t) => {
    const error = t.mock.method(console, 'error', () => {});
    const { storage, cookie } = leasingStore({ releaseFails: true });
    const session = await storage.getSession(cookie);
    session.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(error.mock.callCount(), 1);
    assert.match(String(error.mock.calls[0].arguments[0]), /could not give back the lease/);
  });

  // Issue 4: "If the handler throws, the error propagates and nothing leaks"; issue 11: the lease ends with the
  // session's use. A lease kept past a failed request makes the session's next request wait out leaseTimeout (10 s).
  it('withSession gives the lease back when its handler throws or answers a 5xx, writing nothing', async () => {
    for (const fail of ['throw', '5xx']) {
      const { storage, leases, updates, cookie } = leasingStore();
      const fetch = withSession(storage, (request, { session }) => {
        session.set('half', 'done');
        if (fail === 'throw') throw new Error('handler failed');
        return new Response('failed', { status: 503 });
      });
      const answer = fetch(new Request('https://app.test/', { headers: { Cookie: cookie } }), {}, {});
      if (fail === 'throw') await assert.rejects(answer, /handler failed/);
      else assert.equal((await answer).status, 503);
      assert.deepEqual(leases.map((lease) => lease.released), [1], fail);
      assert.equal(updates.length, 0, fail);
    }
  });

  it("hands the same lease to every commit of the session, and a store's SessionStorageError passes through unchanged", async () => {
    const { storage, updates, cookie } = leasingStore();
    const session = await storage.getSession(cookie);
    session.set('n', 1);
    await storage.commitSession(session);
    session.set('n', 2);
    await storage.commitSession(session);
    assert.equal(updates.length, 2);
    assert.equal(updates[1].lease, updates[0].lease);
    const changed = new SessionStorageError('SESSION_CHANGED', 'another request changed the session');
    const refusing = createIdSessionStorage(createCookie(COOKIE_NAME, { secrets: [SECRET] }), {
      create: async (record, expires, newId) => newId(),
      read: async () => ({ record: '{}', lease: { release: async () => {} } }),
      update: async () => {
        throw changed;
      },
      delete: async () => {},
    });
    const other = await refusing.getSession(cookie);
    other.set('n', 3);
    await assert.rejects(refusing.commitSession(other), (error) => error === changed);
    other.dispose();
    session.dispose();
  });

  it('a later commit of a session left unchanged writes nothing', async () => {
    const { storage, updates, cookie } = leasingStore();
    const session = await storage.getSession(cookie);
    assert.equal(session.dirty, false);
    await storage.commitSession(session); // the first commit writes (it renews the expiry)
    await storage.commitSession(session);
    assert.equal(updates.length, 1);
    session.dispose();
  });

  // Remix v3's middleware calls save() and never disposes the session: a save the storage refused kept the lease,
  // and the session's next request waited out leaseTimeout (a black-box pass, Durable Objects, a user ID userKey
  // refuses). Regression: Remix's save refused, the lease given back.
  it("Remix v3's save(): refused, it still gives the lease back (its middleware never disposes the session)", async () => {
    const refused = new SessionStorageError('SESSION_CHANGED', 'the store refused the write');
    const { storage, leases, id } = leasingStore({ updateFails: refused });
    const session = await storage.read(id); // Remix's Cookie verified the cookie: read() gets its value, the ID
    session.set('n', 1);
    await assert.rejects(storage.save(session), (error) => error === refused);
    assert.equal(leases[0].released, 1);
  });

  // An app's wrapper around the storage (README: withSession takes any storage) has none of its symbols, so the
  // lifecycle cannot ask it to end the request ([endRequest]): the session's own end of request gives the lease back.
  // Regression (mutation pass): dropped there, a wrapped Durable Object storage's lease outlived every request that
  // wrote nothing, and no test noticed; the session's next request would wait out leaseTimeout (10 s).
  it("withSession over an app's wrapper of the storage gives the lease back at the request's end", async () => {
    const { storage, leases, updates, cookie } = leasingStore();
    const wrapper = {
      getSession: (header) => storage.getSession(header),
      commitSession: (session, options) => storage.commitSession(session, options),
      destroySession: (session, options) => storage.destroySession(session, options),
    };
    const fetch = withSession(wrapper, (request, { session }) => new Response(session.get('user')));
    const response = await fetch(new Request('https://app.test/', { headers: { Cookie: cookie } }), {}, {});
    assert.equal(await response.text(), 'mj');
    assert.deepEqual(leases.map((lease) => lease.released), [1]);
    assert.equal(updates.length, 0, 'nothing to write');
  });
});
