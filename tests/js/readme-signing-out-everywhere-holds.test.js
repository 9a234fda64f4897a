// README, "Signing out everywhere": "A user ID is a non-empty string or a finite number of at most 1024 characters
// (UTF-16 code units, as `String.length` counts)". user-id-values.test.js holds the refusal of 1025 characters; these
// are the other side and the unit: 1024 taken, code units counted (512 emoji taken, 513 refused).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, SessionDataError } from 'edge-session';

const cookie = { secrets: ['a-test-secret-of-at-least-32-characters'] };

/** The Cookie header of a session signed in as `userId`. */
async function signedIn(storage, userId) {
  const session = await storage.getSession(null);
  session.set('userId', userId);
  return (await storage.commitSession(session)).split(';')[0];
}

describe('User IDs up to 1024 UTF-16 code units', () => {
  for (const [what, id] of [['1024 characters', 'u'.repeat(1024)], ['512 emoji (1024 code units)', '😀'.repeat(512)]]) {
    it(`${what}: signed in, listed and revoked`, async () => {
      const storage = createMemorySessionStorage({ cookie, userKey: 'userId' });
      const header = await signedIn(storage, id);
      assert.equal((await storage.listUserSessions(id)).length, 1);
      assert.equal(await storage.revokeUserSessions(id), 1);
      assert.equal((await storage.getSession(header)).get('userId'), undefined, 'revoked');
    });
  }

  it('513 emoji (1026 code units) are refused at commit (INVALID_USER_ID)', async () => {
    const storage = createMemorySessionStorage({ cookie, userKey: 'userId' });
    await assert.rejects(signedIn(storage, '😀'.repeat(513)), (error) => error instanceof SessionDataError && error.code === 'INVALID_USER_ID');
  });
});
