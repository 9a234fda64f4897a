// A fresh session (no cookie, or one naming no stored record) that is given a new ID by regenerateId() and then
// destroyed before any commit stored it: no store ever held either ID, so a logout has nothing to delete. The
// provisional ID (getSession's, read()'s) and, on createSessionStorage, a made-up ID were already spared; the
// regenerated ID of our own stores was not: a KV delete (a billable write, rate-limited per key), a file unlink,
// a Durable Object woken and written, for every such request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage, withSession } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t!'], maxAge: 3600 };

/** A storage whose store records what it is asked to delete (its `delete` wrapped, as the backend sees it). */
const STORAGES = {
  kv: async () => {
    const kv = mapKV();
    const deletes = [];
    const remove = kv.delete.bind(kv);
    kv.delete = async (key) => {
      deletes.push(key);
      return remove(key);
    };
    return { storage: createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }), deletes };
  },
};

describe('a fresh session given a new ID, then destroyed before any commit', () => {
  for (const [name, make] of Object.entries(STORAGES)) {
    for (const deleteOld of [false, true]) {
      it(`${name}: destroySession after regenerateId(${deleteOld}) deletes nothing`, async (t) => {
        const { storage, deletes } = await make(t);
        const fresh = await storage.getSession(null);
        fresh.regenerateId(deleteOld);
        const setCookie = await storage.destroySession(fresh);
        assert.match(setCookie, /Max-Age=0/);
        assert.deepEqual(deletes, [], 'no store ever held the session');
      });
    }
    it(`${name}: through withSession, a new visitor's regenerateId(true) then destroy() deletes nothing`, async (t) => {
      const { storage, deletes } = await make(t);
      const fetch = withSession(storage, async (request, { session }) => {
        session.regenerateId(true);
        session.destroy();
        return new Response('bye');
      });
      const response = await fetch(new Request('http://x/logout', { method: 'POST' }), {}, undefined);
      assert.equal(response.status, 200);
      assert.deepEqual(deletes, []);
    });
  }
});
