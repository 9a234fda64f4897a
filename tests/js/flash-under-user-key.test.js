// Regression (audit, model-based): the session's user was read with get(userKey), which falls back to an incoming
// flash of the same key. So a visitor's flash('userId', 'u1') listed that anonymous session as one of u1's, and
// revoking u1 ended it; and a flash there that is no user ID made the next request's sign-out commit fail with
// INVALID_USER_ID (a 500 under withSession). A user is the stored value under userKey, never a flash.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCookieSessionStorage, createFileSessionStorage, createMemorySessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const pairOf = (setCookie) => setCookie.split(';')[0];
const cookie = { secrets: ['flash-user'], maxAge: 3600 };

const kinds = {
  memory: () => ({ storage: createMemorySessionStorage({ cookie, userKey: 'userId' }), serverSide: true, cleanup() {} }),
  file: () => {
    const dir = mkdtempSync(join(tmpdir(), 'flash-user-'));
    return { storage: createFileSessionStorage({ dir, cookie, userKey: 'userId' }), serverSide: true, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
  cookie: () => ({ storage: createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } }), serverSide: false, cleanup() {} }),
};

for (const [kind, make] of Object.entries(kinds)) {
  describe(`a flash under the userKey's name (${kind} storage)`, () => {
    it('names no user: not listed, not ended by a revocation of that user', async () => {
      const { storage, serverSide, cleanup } = make();
      try {
        const first = await storage.getSession(null);
        first.set('cart', 3);
        first.flash('userId', 'u1');
        const arrived = await storage.getSession(pairOf(await storage.commitSession(first)));
        assert.equal(arrived.getFlash('userId'), 'u1');
        const next = pairOf(await storage.commitSession(arrived));
        if (serverSide) assert.deepEqual(await storage.listUserSessions('u1'), [], 'listed as one of u1\'s sessions');
        await storage.revokeUserSessions('u1');
        assert.deepEqual((await storage.getSession(next)).data, { cart: 3 }, 'ended by the revocation of u1');
      } finally {
        cleanup();
      }
    });

    it('that is no user ID does not make the next commit fail', async () => {
      const { storage, cleanup } = make();
      try {
        const first = await storage.getSession(null);
        first.flash('userId', ['not', 'an', 'id']);
        const arrived = await storage.getSession(pairOf(await storage.commitSession(first)));
        arrived.unset('userId');
        await storage.commitSession(arrived); // threw INVALID_USER_ID
      } finally {
        cleanup();
      }
    });

    it('beside a stored user: the stored value is the user', async () => {
      const { storage, serverSide, cleanup } = make();
      try {
        const first = await storage.getSession(null);
        first.set('userId', 'ada');
        first.flash('userId', 'u1');
        const arrived = await storage.getSession(pairOf(await storage.commitSession(first)));
        assert.equal(arrived.get('userId'), 'ada');
        const next = pairOf(await storage.commitSession(arrived));
        if (serverSide) {
          assert.deepEqual(await storage.listUserSessions('u1'), []);
          assert.equal((await storage.listUserSessions('ada')).length, 1);
        }
        await storage.revokeUserSessions('ada');
        assert.equal((await storage.getSession(next)).get('userId'), undefined, 'revoking its user ends it');
      } finally {
        cleanup();
      }
    });
  });
}
