// The read of a leased session (Durable Objects, issue 11) whose user was revoked, against a fake store that hands
// out leases: a session written before `userKey` was set is checked against its user's last revocation at read
// (README, Signing out everywhere). When that check voids it, or fails, no Session goes back for the lease, so the
// read itself gives it back: else the session's next request waits out leaseTimeout (10 s). Mutation pass (s46):
// either give-back left out went unnoticed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookie } from 'edge-session';
import { createIdSessionStorage } from '../../js/id-storage.js';
import { issueSessionId } from '../../js/internal.js';
import { COOKIE_NAME, SECRET, signedCookie } from './support.js';

/** A leasing store holding one record of `mj` with no sign-in time; `lastRevocation`: what its index answers. */
function leasingStoreWithUsers(lastRevocation) {
  const leases = [];
  const store = {
    create: async (record, expires, newId) => newId(),
    async read() {
      const lease = {
        released: 0,
        async release() {
          lease.released++;
        },
      };
      leases.push(lease);
      return { record: '{"user":"mj"}', lease };
    },
    update: async () => {},
    delete: async () => {},
    userKey: 'user',
    users: { lastRevocation, register: async () => ({}), unregister: async () => {}, list: async () => [], revoke: async () => 0 },
  };
  const storage = createIdSessionStorage(createCookie(COOKIE_NAME, { secrets: [SECRET] }), store);
  return { storage, leases, cookie: signedCookie(issueSessionId(COOKIE_NAME)) };
}

describe('the read of a leased session from before userKey, checked against its user\'s last revocation', () => {
  it('gives the lease back when the revocation voids it (the session reads fresh)', async () => {
    const { storage, leases, cookie } = leasingStoreWithUsers(async () => ({ at: Date.now() }));
    const session = await storage.getSession(cookie);
    assert.equal(session.get('user'), undefined, 'revoked: read as a fresh session');
    assert.deepEqual(leases.map((lease) => lease.released), [1]);
  });

  it('gives the lease back when the lookup of the revocation fails', async () => {
    const { storage, leases, cookie } = leasingStoreWithUsers(async () => {
      throw new Error('user object overloaded');
    });
    await assert.rejects(storage.getSession(cookie), /user object overloaded/);
    assert.deepEqual(leases.map((lease) => lease.released), [1]);
  });

  it('keeps the lease with the session when no revocation voids it', async () => {
    const { storage, leases, cookie } = leasingStoreWithUsers(async () => ({ at: 0 }));
    const session = await storage.getSession(cookie);
    assert.equal(session.get('user'), 'mj');
    assert.deepEqual(leases.map((lease) => lease.released), [0]);
    session.dispose();
    assert.deepEqual(leases.map((lease) => lease.released), [1]);
  });
});
